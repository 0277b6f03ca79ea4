using System.Security.Cryptography;

namespace Zhtp.Storage.Types.Cryptography;

/// <summary>ECDSA P-256 / SHA-256 on the platform's <see cref="ECDsa"/>; signatures IEEE P1363 (r || s).</summary>
internal sealed class EcdsaP256SigningKey : ISigningKey
{
    public const int PublicKeyBytes = 65;
    public const int SignatureBytes = 64;
    public const int PrivateKeyBytes = 32;

    private readonly ECDsa _key;
    private readonly byte[] _publicKey;

    private EcdsaP256SigningKey(ECDsa key)
    {
        _key = key;
        _publicKey = EcPoints.Encode(key.ExportParameters(includePrivateParameters: false).Q);
    }

    public SignatureAlgorithm Algorithm => SignatureAlgorithm.EcdsaP256;

    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    public int SignatureSize => SignatureBytes;

    public static EcdsaP256SigningKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    public static EcdsaP256SigningKey Import(ReadOnlySpan<byte> privateKey) =>
        new(ECDsa.Create(EcPoints.PrivateParameters(privateKey, "ECDSA P-256")));

    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureBytes || !EcPoints.TryDecode(publicKey, out ECPoint q))
        {
            return false;
        }

        try
        {
            using var key = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = q });
            return key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public void Sign(ReadOnlySpan<byte> data, Span<byte> signature)
    {
        SigningKeys.CheckSignatureSpan(signature, SignatureBytes);
        if (!_key.TrySignData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation, out int written) || written != SignatureBytes)
        {
            throw new CryptographicException("ECDSA P-256 signing produced no 64-byte signature; the key is unusable.");
        }
    }

    public byte[] ExportPrivateKey() => EcPoints.ExportScalar(_key.ExportParameters(includePrivateParameters: true));

    public void Dispose() => _key.Dispose();
}
