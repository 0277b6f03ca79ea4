using Zhtp.Storage.Types.Cryptography;

namespace Zhtp.Storage.Types.Tests.Cryptography;

public class MLKem768Tests
{
    [Fact]
    public void Encapsulate_Decapsulate_RoundTrip_AndSeedImportKeepsTheKey()
    {
        using IKemKey key = MLKem768.Generate();
        Assert.Equal(MLKem768.EncapsulationKeySize, key.EncapsulationKey.Length);
        var ciphertext = new byte[MLKem768.CiphertextSize];
        var sent = new byte[32];
        Assert.True(MLKem768.TryEncapsulate(key.EncapsulationKey.Span, ciphertext, sent));
        var received = new byte[32];
        key.Decapsulate(ciphertext, received);
        Assert.Equal(sent, received);

        using IKemKey imported = MLKem768.ImportSeed(key.ExportSeed());
        Assert.Equal(key.EncapsulationKey.ToArray(), imported.EncapsulationKey.ToArray());
        var again = new byte[32];
        imported.Decapsulate(ciphertext, again);
        Assert.Equal(sent, again);
    }

    [Fact]
    public void Decapsulate_TamperedCiphertext_GivesAnotherSecret()
    {
        using IKemKey key = MLKem768.Generate();
        var ciphertext = new byte[MLKem768.CiphertextSize];
        var sent = new byte[32];
        Assert.True(MLKem768.TryEncapsulate(key.EncapsulationKey.Span, ciphertext, sent));
        ciphertext[100] ^= 0x01;
        var received = new byte[32];
        key.Decapsulate(ciphertext, received);
        Assert.NotEqual(sent, received);
    }

    [Fact]
    public void TryEncapsulate_MalformedKeys_ReturnFalse()
    {
        var ciphertext = new byte[MLKem768.CiphertextSize];
        var secret = new byte[32];
        Assert.False(MLKem768.TryEncapsulate(new byte[10], ciphertext, secret));
        // Coefficients are 12-bit values below q = 3329; all-0xFF bytes encode 4095 (FIPS 203 modulus check).
        Assert.False(MLKem768.TryEncapsulate(Enumerable.Repeat((byte)0xFF, MLKem768.EncapsulationKeySize).ToArray(), ciphertext, secret));
    }

    [Fact]
    public void Decapsulate_WrongCiphertextLength_ThrowsArgumentException()
    {
        using IKemKey key = MLKem768.Generate();
        Assert.Throws<ArgumentException>(() => key.Decapsulate(new byte[100], new byte[32]));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => MLKem768.ImportSeed(new byte[32]));
    }
}
