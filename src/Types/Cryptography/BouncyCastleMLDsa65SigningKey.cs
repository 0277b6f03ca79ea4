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
        try
        {
            var verifier = new MLDsaSigner(Parameters, deterministic: false);
            verifier.Init(false, MLDsaPublicKeyParameters.FromEncoding(Parameters, publicKey.ToArray()));
            verifier.BlockUpdate(data);
            return verifier.VerifySignature(signature.ToArray());
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public void Sign(ReadOnlySpan<byte> data, Span<byte> signature)
    {
        SigningKeys.CheckSignatureSpan(signature, MLDsa65Sizes.SignatureBytes);
        var signer = new MLDsaSigner(Parameters, deterministic: false);
        signer.Init(true, new ParametersWithRandom(_key, PostQuantumBackend.Random));
        signer.BlockUpdate(data);
        signer.GenerateSignature().CopyTo(signature);
    }

    public byte[] ExportPrivateKey() => (byte[])_seed.Clone();

    public void Dispose() => CryptographicOperations.ZeroMemory(_seed);
}
