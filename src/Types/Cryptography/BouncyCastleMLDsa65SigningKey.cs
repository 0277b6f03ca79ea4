using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Zhtp.Storage.Types.Cryptography;

/// <summary>ML-DSA-65 (FIPS 204, pure, empty context, hedged) on BouncyCastle, for platforms without <see cref="MLDsa"/>.</summary>
internal sealed class BouncyCastleMLDsa65SigningKey : ISigningKey
{
    private static readonly MLDsaParameters Parameters = MLDsaParameters.ml_dsa_65;
    private readonly MLDsaPrivateKeyParameters _key;
    private readonly byte[] _seed;
    private readonly byte[] _publicKey;

    public BouncyCastleMLDsa65SigningKey(ReadOnlySpan<byte> seed)
    {
        _seed = seed.ToArray();
        _key = MLDsaPrivateKeyParameters.FromSeed(Parameters, _seed);
        _publicKey = _key.GetPublicKeyEncoded();
    }

    public SignatureAlgorithm Algorithm => SignatureAlgorithm.MLDsa65;

    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    public int SignatureSize => MLDsa65Sizes.SignatureBytes;

    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        byte[] key = publicKey.ToArray();
        return BouncyCastleSignatures.Verify(new MLDsaSigner(Parameters, deterministic: false), () => MLDsaPublicKeyParameters.FromEncoding(Parameters, key), data, signature);
    }

    public void Sign(ReadOnlySpan<byte> data, Span<byte> signature)
    {
        BouncyCastleSignatures.Sign(new MLDsaSigner(Parameters, deterministic: false), _key, withRandom: true, data, signature, MLDsa65Sizes.SignatureBytes);
    }

    public byte[] ExportPrivateKey() => (byte[])_seed.Clone();

    public void Dispose() => CryptographicOperations.ZeroMemory(_seed);
}
