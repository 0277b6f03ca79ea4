using System.Security.Cryptography;
using Zhtp.Storage.Types.Cryptography;

namespace Zhtp.Storage.Types.Tests.Cryptography;

public class SigningKeysTests
{
    public static TheoryData<SignatureAlgorithm> Algorithms =>
        [SignatureAlgorithm.EcdsaP256, SignatureAlgorithm.Ed25519, SignatureAlgorithm.MLDsa65, SignatureAlgorithm.SlhDsaSha2_128s];

    private static readonly byte[] Message = "zhtp signing test message"u8.ToArray();

    // SLH-DSA-SHA2-128s takes seconds per signature on BouncyCastle here: one key and signature per algorithm, shared.
    private static readonly Dictionary<SignatureAlgorithm, Lazy<(ISigningKey Key, byte[] Signature)>> Signed =
        Enum.GetValues<SignatureAlgorithm>().Where(a => a != SignatureAlgorithm.None).ToDictionary(a => a, a => new Lazy<(ISigningKey, byte[])>(() =>
        {
            ISigningKey key = SigningKeys.Generate(a);
            return (key, Sign(key, Message));
        }));

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void SignVerify_RoundTripsAndSizesMatchTheAlgorithm(SignatureAlgorithm algorithm)
    {
        (ISigningKey key, byte[] signature) = Signed[algorithm].Value;
        Assert.Equal(algorithm, key.Algorithm);
        Assert.Equal(SigningKeys.PublicKeySize(algorithm), key.PublicKey.Length);
        Assert.Equal(SigningKeys.SignatureSize(algorithm), key.SignatureSize);
        Assert.True(SigningKeys.Verify(algorithm, key.PublicKey.Span, Message, signature));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Import_OfExportedKey_SignsUnderTheSamePublicKey(SignatureAlgorithm algorithm)
    {
        ISigningKey key = Signed[algorithm].Value.Key;
        byte[] exported = key.ExportPrivateKey();
        using ISigningKey imported = SigningKeys.Import(algorithm, exported);
        Assert.Equal(key.PublicKey.ToArray(), imported.PublicKey.ToArray());
        Assert.True(SigningKeys.Verify(algorithm, key.PublicKey.Span, Message, Sign(imported, Message)));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Verify_TamperedSignatureMessageOrKey_IsFalse(SignatureAlgorithm algorithm)
    {
        (ISigningKey key, byte[] signature) = Signed[algorithm].Value;
        ISigningKey other = Signed[algorithm == SignatureAlgorithm.EcdsaP256 ? SignatureAlgorithm.Ed25519 : SignatureAlgorithm.EcdsaP256].Value.Key;
        using ISigningKey sameAlgorithm = algorithm == SignatureAlgorithm.SlhDsaSha2_128s ? SigningKeys.Import(algorithm, Tweak(key.ExportPrivateKey())) : SigningKeys.Generate(algorithm);

        byte[] badSignature = (byte[])signature.Clone();
        badSignature[badSignature.Length / 3] ^= 0x04;
        Assert.False(SigningKeys.Verify(algorithm, key.PublicKey.Span, Message, badSignature));

        byte[] badMessage = (byte[])Message.Clone();
        badMessage[0] ^= 0x01;
        Assert.False(SigningKeys.Verify(algorithm, key.PublicKey.Span, badMessage, signature));

        Assert.False(SigningKeys.Verify(algorithm, sameAlgorithm.PublicKey.Span, Message, signature));
        Assert.False(SigningKeys.Verify(other.Algorithm, other.PublicKey.Span, Message, signature));
        byte[] badKey = key.PublicKey.ToArray();
        badKey[^1] ^= 0x01;
        Assert.False(SigningKeys.Verify(algorithm, badKey, Message, signature));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Verify_GarbageKeysAndSignatures_ReturnsFalseWithoutThrowing(SignatureAlgorithm algorithm)
    {
        var random = new Random(12);
        int keySize = SigningKeys.PublicKeySize(algorithm);
        int signatureSize = SigningKeys.SignatureSize(algorithm);
        foreach ((int k, int s) in new[] { (0, 0), (keySize, 0), (0, signatureSize), (keySize - 1, signatureSize), (keySize, signatureSize + 1), (keySize, signatureSize), (keySize, signatureSize) })
        {
            byte[] publicKey = new byte[k];
            byte[] signature = new byte[s];
            random.NextBytes(publicKey);
            random.NextBytes(signature);
            Assert.False(SigningKeys.Verify(algorithm, publicKey, Message, signature));
        }

        // All-zero and all-0xFF keys of the right size.
        Assert.False(SigningKeys.Verify(algorithm, new byte[keySize], Message, new byte[signatureSize]));
        Assert.False(SigningKeys.Verify(algorithm, Enumerable.Repeat((byte)0xFF, keySize).ToArray(), Message, Enumerable.Repeat((byte)0xFF, signatureSize).ToArray()));
        Assert.False(SigningKeys.Verify((SignatureAlgorithm)99, new byte[32], Message, new byte[64]));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Import_WrongLength_ThrowsCryptographicException(SignatureAlgorithm algorithm)
    {
        Assert.ThrowsAny<CryptographicException>(() => SigningKeys.Import(algorithm, new byte[5]));
    }

    [Fact]
    public void Sign_ShortBuffer_ThrowsArgumentException()
    {
        using ISigningKey key = SigningKeys.Generate(SignatureAlgorithm.Ed25519);
        Assert.Throws<ArgumentException>(() => key.Sign(Message, new byte[63]));
    }

    [Fact]
    public void EcdsaP256_PublicKeyIsUncompressedSec1()
    {
        using ISigningKey key = SigningKeys.Generate(SignatureAlgorithm.EcdsaP256);
        Assert.Equal(0x04, key.PublicKey.Span[0]);
        Assert.Equal(32, key.ExportPrivateKey().Length);
    }

    /// <summary>Another SLH-DSA key without a slow key generation: the same key with another PK.seed (bytes 32..47 of SK.seed || SK.prf || PK.seed || PK.root), hence another public key.</summary>
    private static byte[] Tweak(byte[] privateKey)
    {
        privateKey[32] ^= 0x01;
        return privateKey;
    }

    private static byte[] Sign(ISigningKey key, byte[] data)
    {
        var signature = new byte[key.SignatureSize];
        key.Sign(data, signature);
        return signature;
    }
}
