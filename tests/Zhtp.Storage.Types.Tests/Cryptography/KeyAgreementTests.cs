using Zhtp.Storage.Types.Cryptography;

namespace Zhtp.Storage.Types.Tests.Cryptography;

public class KeyAgreementTests
{
    [Theory]
    [InlineData(KeyAgreementAlgorithm.EcdhP256)]
    [InlineData(KeyAgreementAlgorithm.X25519)]
    public void TryAgree_BothSidesGetTheSameSecret_AndImportKeepsTheKey(KeyAgreementAlgorithm algorithm)
    {
        using IKeyAgreementKey a = KeyAgreementKeys.Generate(algorithm);
        using IKeyAgreementKey b = KeyAgreementKeys.Generate(algorithm);
        Assert.Equal(KeyAgreementKeys.PublicKeySize(algorithm), a.PublicKey.Length);
        var ab = new byte[32];
        var ba = new byte[32];
        Assert.True(a.TryAgree(b.PublicKey.Span, ab));
        Assert.True(b.TryAgree(a.PublicKey.Span, ba));
        Assert.Equal(ab, ba);
        Assert.NotEqual(new byte[32], ab);

        using IKeyAgreementKey imported = KeyAgreementKeys.Import(algorithm, a.ExportPrivateKey());
        Assert.Equal(a.PublicKey.ToArray(), imported.PublicKey.ToArray());
        var again = new byte[32];
        Assert.True(imported.TryAgree(b.PublicKey.Span, again));
        Assert.Equal(ab, again);
    }

    [Theory]
    [InlineData(KeyAgreementAlgorithm.EcdhP256)]
    [InlineData(KeyAgreementAlgorithm.X25519)]
    public void TryAgree_MalformedPeerKeys_ReturnFalse(KeyAgreementAlgorithm algorithm)
    {
        using IKeyAgreementKey a = KeyAgreementKeys.Generate(algorithm);
        var secret = new byte[32];
        int size = KeyAgreementKeys.PublicKeySize(algorithm);
        Assert.False(a.TryAgree([], secret));
        Assert.False(a.TryAgree(new byte[size - 1], secret));
        Assert.False(a.TryAgree(new byte[size + 1], secret));
        // P-256: the all-zero "point" is not on the curve; X25519: u = 0 is of small order (all-zero secret).
        byte[] zero = new byte[size];
        if (algorithm == KeyAgreementAlgorithm.EcdhP256)
        {
            zero[0] = 0x04;
            byte[] offCurve = a.PublicKey.ToArray();
            offCurve[^1] ^= 0x01;
            Assert.False(a.TryAgree(offCurve, secret));
        }

        Assert.False(a.TryAgree(zero, secret));
    }
}
