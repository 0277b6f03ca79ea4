using System.Security.Cryptography;
using Zhtp.Storage.Types.Cryptography;

namespace Zhtp.Storage.Types.Tests.Cryptography;

public class HybridSecretTests
{
    [Fact]
    public void Derive_IsHkdfOverMlKemThenEcdh_WithHashedTranscriptSalt()
    {
        byte[] mlKem = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        byte[] ecdh = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();
        byte[] transcript = "transcript"u8.ToArray();
        var output = new byte[32];
        HybridSecret.Derive(mlKem, ecdh, transcript, "label", output);

        byte[] expected = HKDF.DeriveKey(HashAlgorithmName.SHA256, [.. mlKem, .. ecdh], 32, SHA256.HashData(transcript), "label"u8.ToArray());
        Assert.Equal(expected, output);

        // Each input changes the output.
        var other = new byte[32];
        HybridSecret.Derive(ecdh, mlKem, transcript, "label", other);
        Assert.NotEqual(output, other);
        HybridSecret.Derive(mlKem, ecdh, "transcripT"u8, "label", other);
        Assert.NotEqual(output, other);
        HybridSecret.Derive(mlKem, ecdh, transcript, "labe1", other);
        Assert.NotEqual(output, other);
    }

    [Fact]
    public void Derive_WrongSecretLength_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => HybridSecret.Derive(new byte[31], new byte[32], [], "x", new byte[32]));
        Assert.Throws<ArgumentException>(() => HybridSecret.Derive(new byte[32], new byte[33], [], "x", new byte[32]));
    }
}
