using System.Security.Cryptography;
using System.Text;
using KeneyApp.Platform.Crypto;

namespace KeneyApp.Tests.Platform.Crypto;

public class AeadTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Context = Encoding.UTF8.GetBytes("tenant:1|test");

    [Fact]
    public void Round_trip_returns_the_plaintext()
    {
        var plaintext = Encoding.UTF8.GetBytes("Allergie à la pénicilline");
        var sealedBytes = Aead.Seal(Key, plaintext, Context);
        Assert.Equal(plaintext, Aead.Open(Key, sealedBytes, Context));
        Assert.Equal(plaintext.Length + Aead.Overhead, sealedBytes.Length);
    }

    [Fact]
    public void A_failed_open_leaves_the_next_one_working_and_keys_switch_cleanly()
    {
        var otherKey = RandomNumberGenerator.GetBytes(32);
        var sealedBytes = Aead.Seal(Key, Encoding.UTF8.GetBytes("ordonnance"), Context);
        var tampered = (byte[])sealedBytes.Clone();
        tampered[^1] ^= 1;
        Assert.Throws<DecryptionFailedException>(() => Aead.Open(Key, tampered, Context));
        Assert.Equal("ordonnance", Encoding.UTF8.GetString(Aead.Open(Key, sealedBytes, Context)));

        var sealedWithOther = Aead.Seal(otherKey, Encoding.UTF8.GetBytes("autre clinique"), Context);
        Assert.Equal("autre clinique", Encoding.UTF8.GetString(Aead.Open(otherKey, sealedWithOther, Context)));
        Assert.Equal("ordonnance", Encoding.UTF8.GetString(Aead.Open(Key, sealedBytes, Context)));
        Assert.Throws<DecryptionFailedException>(() => Aead.Open(otherKey, sealedBytes, Context));
    }

    [Fact]
    public void An_empty_plaintext_seals_to_the_overhead_alone_and_opens()
    {
        var sealedBytes = Aead.Seal(Key, [], Context);
        Assert.Equal(Aead.Overhead, sealedBytes.Length);
        Assert.Empty(Aead.Open(Key, sealedBytes, Context));
    }

    [Fact]
    public void A_failure_says_whether_the_ciphertext_was_short_or_did_not_authenticate()
    {
        var sealedBytes = Aead.Seal(Key, Encoding.UTF8.GetBytes("x"), Context);
        Assert.Equal("Ciphertext too short.", Assert.Throws<DecryptionFailedException>(() => Aead.Open(Key, sealedBytes.AsSpan(0, Aead.Overhead - 1), Context)).Message);
        var failed = Assert.Throws<DecryptionFailedException>(() => Aead.Open(Key, sealedBytes, Encoding.UTF8.GetBytes("tenant:2|test")));
        Assert.Equal("Authentication failed.", failed.Message);
        Assert.IsAssignableFrom<CryptographicException>(failed.InnerException);
    }

    [Fact]
    public void Every_single_bit_flip_is_rejected()
    {
        var sealedBytes = Aead.Seal(Key, Encoding.UTF8.GetBytes("antécédents: diabète de type 2, HTA; traitement en cours"), Context);
        var rng = new Random(20261124);
        for (var i = 0; i < 1000; i++)
        {
            var tampered = (byte[])sealedBytes.Clone();
            var bit = rng.Next(tampered.Length * 8);
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Throws<DecryptionFailedException>(() => Aead.Open(Key, tampered, Context));
        }
    }

    [Fact]
    public void Truncated_or_wrong_context_or_wrong_key_is_rejected()
    {
        var sealedBytes = Aead.Seal(Key, Encoding.UTF8.GetBytes("x"), Context);
        Assert.Throws<DecryptionFailedException>(() => Aead.Open(Key, sealedBytes.AsSpan()[..^1], Context));
        Assert.Throws<DecryptionFailedException>(() => Aead.Open(Key, sealedBytes.AsSpan()[..10], Context));
        Assert.Throws<DecryptionFailedException>(() => Aead.Open(Key, sealedBytes, Encoding.UTF8.GetBytes("tenant:2|test")));
        Assert.Throws<DecryptionFailedException>(() => Aead.Open(RandomNumberGenerator.GetBytes(32), sealedBytes, Context));
    }

    [Fact]
    public void No_nonce_repeats_over_a_million_encryptions()
    {
        const int count = 1_000_000;
        var seen = new HashSet<(ulong, uint)>(count);
        var plaintext = new byte[1];
        for (var i = 0; i < count; i++)
        {
            var sealedBytes = Aead.Seal(Key, plaintext, Context);
            Assert.True(seen.Add((BitConverter.ToUInt64(sealedBytes, 0), BitConverter.ToUInt32(sealedBytes, 8))), $"nonce repeated at {i}");
        }
        Assert.Equal(count, seen.Count);
    }
}
