using System.Security.Cryptography;

namespace Zhtp.Storage.Types.Cryptography;

/// <summary>ML-DSA-65 (pure, empty context) on the platform's <see cref="MLDsa"/> (OpenSSL 3.5+ / CNG).</summary>
internal sealed class PlatformMLDsa65SigningKey : ISigningKey
{
    private readonly MLDsa _key;
    private readonly byte[] _publicKey;

    public PlatformMLDsa65SigningKey(MLDsa key)
    {
        _key = key;
        _publicKey = key.ExportMLDsaPublicKey();
    }

    public SignatureAlgorithm Algorithm => SignatureAlgorithm.MLDsa65;

    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    public int SignatureSize => MLDsa65Sizes.SignatureBytes;

    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        try
        {
            using MLDsa key = MLDsa.ImportMLDsaPublicKey(MLDsaAlgorithm.MLDsa65, publicKey);
            return key.VerifyData(data, signature);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public void Sign(ReadOnlySpan<byte> data, Span<byte> signature)
    {
        SigningKeys.CheckSignatureSpan(signature, MLDsa65Sizes.SignatureBytes);
        _key.SignData(data, signature[..MLDsa65Sizes.SignatureBytes]);
    }

    public byte[] ExportPrivateKey() => _key.ExportMLDsaPrivateSeed();

    public void Dispose() => _key.Dispose();
}
