using System.Security.Cryptography;
using System.Text;
using KeneyApp.Platform.Crypto;

namespace KeneyApp.Tests.Platform.Crypto;

/// <summary>Files encrypted in segments: what goes in comes out, and a file cut, reordered, altered or swapped does not open.</summary>
public sealed class SegmentedAeadTests
{
    private const int Segment = SegmentedAead.SegmentSize;
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] StorageKey = Encoding.UTF8.GetBytes("document:7f3a9c");

    private static async Task<byte[]> SealAsync(byte[] plaintext, byte[]? key = null, int writeSize = 10_000)
    {
        using var output = new MemoryStream();
        await using (var encrypting = new SegmentEncryptingStream(output, key ?? Key, StorageKey))
        {
            for (var at = 0; at < plaintext.Length; at += writeSize)
            {
                await encrypting.WriteAsync(plaintext.AsMemory(at, Math.Min(writeSize, plaintext.Length - at)));
            }
            await encrypting.CompleteAsync(default);
        }
        return output.ToArray();
    }

    private static async Task<byte[]> OpenAsync(byte[] stored, byte[]? key = null, byte[]? associatedData = null)
    {
        await using var decrypting = await SegmentDecryptingStream.OpenAsync(new MemoryStream(stored), stored.Length, key ?? Key,
            associatedData ?? StorageKey, default);
        using var plaintext = new MemoryStream();
        await decrypting.CopyToAsync(plaintext);
        return plaintext.ToArray();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Segment - 1)]
    [InlineData(Segment)]
    [InlineData(Segment + 1)]
    [InlineData((3 * Segment) + 1234)]
    public async Task What_is_written_reads_back_and_takes_the_announced_length(int length)
    {
        var plaintext = RandomNumberGenerator.GetBytes(length);
        var stored = await SealAsync(plaintext);
        Assert.Equal(SegmentedAead.SealedLength(length), stored.Length);
        Assert.Equal(length, SegmentedAead.PlaintextLength(stored.Length));
        Assert.Equal(plaintext, await OpenAsync(stored));
    }

    [Fact]
    public async Task The_stored_file_holds_none_of_the_original_bytes_in_clear()
    {
        var plaintext = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Résultat: hémoglobine 13,2 g/dL. ", 5000)));
        var stored = await SealAsync(plaintext);
        for (var at = 0; at + 16 <= plaintext.Length; at += 997)
        {
            Assert.True(stored.AsSpan().IndexOf(plaintext.AsSpan(at, 16)) < 0, $"plaintext at {at} found in the stored file");
        }
    }

    [Fact]
    public async Task A_range_is_read_by_seeking_to_its_segments()
    {
        var plaintext = RandomNumberGenerator.GetBytes((2 * Segment) + 500);
        var stored = await SealAsync(plaintext);
        await using var decrypting = await SegmentDecryptingStream.OpenAsync(new MemoryStream(stored), stored.Length, Key, StorageKey, default);
        decrypting.Seek(Segment - 10, SeekOrigin.Begin);
        var range = new byte[Segment + 20];
        await decrypting.ReadExactlyAsync(range);
        Assert.Equal(plaintext.AsSpan(Segment - 10, Segment + 20).ToArray(), range);
        Assert.Equal(plaintext.Length, decrypting.Length);
    }

    [Fact]
    public async Task A_file_cut_at_a_segment_boundary_or_inside_one_does_not_open()
    {
        var stored = await SealAsync(RandomNumberGenerator.GetBytes((2 * Segment) + 100));
        var withoutLastSegment = stored[..(SegmentedAead.HeaderSize + (2 * SegmentedAead.SealedSegmentSize))];
        await Assert.ThrowsAsync<DecryptionFailedException>(() => OpenAsync(withoutLastSegment));
        await Assert.ThrowsAsync<DecryptionFailedException>(() => OpenAsync(stored[..^1]));
        await Assert.ThrowsAsync<DecryptionFailedException>(() => OpenAsync(stored[..(SegmentedAead.HeaderSize + 10)]));
        await Assert.ThrowsAsync<DecryptionFailedException>(() => OpenAsync(stored[..5]));
        await Assert.ThrowsAsync<DecryptionFailedException>(() => OpenAsync(stored[..SegmentedAead.HeaderSize]));
    }

    [Fact]
    public async Task Segments_swapped_or_a_segment_repeated_at_the_end_do_not_open()
    {
        var stored = await SealAsync(RandomNumberGenerator.GetBytes(3 * Segment));
        var swapped = (byte[])stored.Clone();
        var first = stored.AsSpan(SegmentedAead.HeaderSize, SegmentedAead.SealedSegmentSize);
        var second = stored.AsSpan(SegmentedAead.HeaderSize + SegmentedAead.SealedSegmentSize, SegmentedAead.SealedSegmentSize);
        second.CopyTo(swapped.AsSpan(SegmentedAead.HeaderSize));
        first.CopyTo(swapped.AsSpan(SegmentedAead.HeaderSize + SegmentedAead.SealedSegmentSize));
        await Assert.ThrowsAsync<DecryptionFailedException>(() => OpenAsync(swapped));

        var extended = stored.Concat(stored.AsSpan(^SegmentedAead.SealedSegmentSize..).ToArray()).ToArray();
        await Assert.ThrowsAsync<DecryptionFailedException>(() => OpenAsync(extended));
    }

    [Fact]
    public async Task One_altered_bit_anywhere_does_not_open()
    {
        var stored = await SealAsync(RandomNumberGenerator.GetBytes(Segment + 300));
        var random = new Random(20261206);
        foreach (var at in new[] { 0, 4, 5, SegmentedAead.HeaderSize, Segment, stored.Length - 1 }.Concat(Enumerable.Range(0, 20).Select(_ => random.Next(stored.Length))))
        {
            var altered = (byte[])stored.Clone();
            altered[at] ^= 0x10;
            await Assert.ThrowsAsync<DecryptionFailedException>(() => OpenAsync(altered));
        }
    }

    [Fact]
    public async Task Another_files_key_or_storage_key_does_not_open_it()
    {
        var stored = await SealAsync(Encoding.UTF8.GetBytes("compte rendu"));
        await Assert.ThrowsAsync<DecryptionFailedException>(() => OpenAsync(stored, key: RandomNumberGenerator.GetBytes(32)));
        await Assert.ThrowsAsync<DecryptionFailedException>(() => OpenAsync(stored, associatedData: Encoding.UTF8.GetBytes("document:other")));
    }

    [Fact]
    public async Task An_upload_never_completed_leaves_a_file_that_does_not_open()
    {
        using var output = new MemoryStream();
        await using (var encrypting = new SegmentEncryptingStream(output, Key, StorageKey))
        {
            await encrypting.WriteAsync(RandomNumberGenerator.GetBytes(Segment + 10));
        }
        await Assert.ThrowsAsync<DecryptionFailedException>(() => OpenAsync(output.ToArray()));
    }

    [Fact]
    public async Task Each_file_gets_its_own_nonces()
    {
        var plaintext = new byte[1000];
        var one = await SealAsync(plaintext);
        var two = await SealAsync(plaintext);
        Assert.NotEqual(one.AsSpan(5, SegmentedAead.NoncePrefixSize).ToArray(), two.AsSpan(5, SegmentedAead.NoncePrefixSize).ToArray());
        Assert.NotEqual(one, two);
    }
}
