using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Zhtp.Storage.Types.Cryptography;

/// <summary>SLH-DSA-SHA2-128s (FIPS 205, pure, empty context, hedged) on BouncyCastle.</summary>
internal sealed class SlhDsaSha2128sSigningKey : ISigningKey
{
    public const int PublicKeyBytes = 32;
    public const int SignatureBytes = 7856;
    public const int PrivateKeyBytes = 64;
    private static readonly SlhDsaParameters Parameters = SlhDsaParameters.slh_dsa_sha2_128s;

    private readonly SlhDsaPrivateKeyParameters _key;
    private readonly byte[] _publicKey;

    private SlhDsaSha2128sSigningKey(SlhDsaPrivateKeyParameters key)
    {
        _key = key;
        _publicKey = key.GetPublicKeyEncoded();
    }

    public SignatureAlgorithm Algorithm => SignatureAlgorithm.SlhDsaSha2_128s;

    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    public int SignatureSize => SignatureBytes;

    public static SlhDsaSha2128sSigningKey Generate()
    {
        var generator = new SlhDsaKeyPairGenerator();
        generator.Init(new SlhDsaKeyGenerationParameters(PostQuantumBackend.Random, Parameters));
        return new((SlhDsaPrivateKeyParameters)generator.GenerateKeyPair().Private);
    }

    public static SlhDsaSha2128sSigningKey Import(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != PrivateKeyBytes)
        {
            throw new CryptographicException($"An SLH-DSA-SHA2-128s private key is 64 bytes (SK.seed || SK.prf || PK.seed || PK.root); got {privateKey.Length} bytes.");
        }

        return new(SlhDsaPrivateKeyParameters.FromEncoding(Parameters, privateKey.ToArray()));
    }

    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeyBytes || signature.Length != SignatureBytes)
        {
            return false;
        }

        byte[] key = publicKey.ToArray();
        return BouncyCastleSignatures.Verify(new SlhDsaSigner(Parameters, deterministic: false), () => SlhDsaPublicKeyParameters.FromEncoding(Parameters, key), data, signature);
    }

    public void Sign(ReadOnlySpan<byte> data, Span<byte> signature)
    {
        BouncyCastleSignatures.Sign(new SlhDsaSigner(Parameters, deterministic: false), _key, withRandom: true, data, signature, SignatureBytes);
    }

    public byte[] ExportPrivateKey() => _key.GetEncoded();

    public void Dispose()
    {
        // BouncyCastle's key arrays are private; nothing to release.
    }
}
