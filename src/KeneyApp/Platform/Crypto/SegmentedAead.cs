using System.Buffers.Binary;
using System.Security.Cryptography;

namespace KeneyApp.Platform.Crypto;

/// <summary>
/// Streaming AEAD for stored files: AES-256-GCM over fixed segments of 64 KiB, so that a file is encrypted and
/// decrypted as it streams and never sits whole in memory. It is the STREAM construction: each segment's nonce is
/// the file's random 7-byte prefix, the segment's index (4 bytes, big-endian) and a last-segment flag (1 byte), so
/// a segment moved, dropped or appended fails to open, as does a file cut at a segment boundary (its new last
/// segment was not sealed as the last). Every file has its own random key (wrapped by the clinic's data key and
/// kept with the file's record), and every segment binds the caller's associated data (the file's storage key),
/// so a file swapped with another one fails too.
/// <para>Layout: header (<c>"KNYS"</c>, version 1, the 7-byte nonce prefix), then each segment's ciphertext and its
/// 16-byte tag. An empty file is one empty last segment.</para>
/// </summary>
public static class SegmentedAead
{
    public const int SegmentSize = 64 * 1024;
    public const int TagSize = Aead.TagSize;
    public const int SealedSegmentSize = SegmentSize + TagSize;
    public const int NoncePrefixSize = 7;
    private static readonly byte[] Magic = "KNYS"u8.ToArray();
    private const byte Version = 1;
    public const int HeaderSize = 4 + 1 + NoncePrefixSize;

    /// <summary>How many bytes a file of this length takes once encrypted.</summary>
    public static long SealedLength(long plaintextLength)
    {
        var segments = Math.Max(1, (plaintextLength + SegmentSize - 1) / SegmentSize);
        return HeaderSize + plaintextLength + (segments * TagSize);
    }

    /// <summary>The plaintext length of a sealed file of this length, or -1 if no file seals to that length.</summary>
    public static long PlaintextLength(long sealedLength)
    {
        var body = sealedLength - HeaderSize;
        if (body < TagSize)
        {
            return -1;
        }
        var full = body / SealedSegmentSize;
        var rest = body % SealedSegmentSize;
        if (rest == 0)
        {
            return full * SegmentSize; // the last segment is a full one
        }
        return rest < TagSize ? -1 : (full * SegmentSize) + rest - TagSize;
    }

    internal static byte[] NewHeader(out byte[] noncePrefix)
    {
        var header = new byte[HeaderSize];
        Magic.CopyTo(header, 0);
        header[4] = Version;
        noncePrefix = RandomNumberGenerator.GetBytes(NoncePrefixSize);
        noncePrefix.CopyTo(header, 5);
        return header;
    }

    /// <exception cref="DecryptionFailedException">Not a file this format wrote.</exception>
    internal static byte[] ReadHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length < HeaderSize || !header[..4].SequenceEqual(Magic) || header[4] != Version)
        {
            throw new DecryptionFailedException("Not an encrypted file.");
        }
        return header.Slice(5, NoncePrefixSize).ToArray();
    }

    internal static void Nonce(Span<byte> nonce, ReadOnlySpan<byte> prefix, long segment, bool last)
    {
        if (segment > uint.MaxValue)
        {
            throw new InvalidOperationException("File too large for its segment counter.");
        }
        prefix.CopyTo(nonce);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[NoncePrefixSize..], (uint)segment);
        nonce[Aead.NonceSize - 1] = last ? (byte)1 : (byte)0;
    }
}
