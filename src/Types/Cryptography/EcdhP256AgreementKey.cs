using System.Security.Cryptography;

namespace Zhtp.Storage.Types.Cryptography;

/// <summary>ECDH P-256 on the platform's <see cref="ECDiffieHellman"/>; the secret is the raw x-coordinate.</summary>
internal sealed class EcdhP256AgreementKey : IKeyAgreementKey
{
    private readonly ECDiffieHellman _key;
    private readonly byte[] _publicKey;

    private EcdhP256AgreementKey(ECDiffieHellman key)
    {
        _key = key;
        _publicKey = EcPoints.Encode(key.ExportParameters(includePrivateParameters: false).Q);
    }

    public KeyAgreementAlgorithm Algorithm => KeyAgreementAlgorithm.EcdhP256;

    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    public static EcdhP256AgreementKey Generate() => new(ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256));

    public static EcdhP256AgreementKey Import(ReadOnlySpan<byte> privateKey) =>
        new(ECDiffieHellman.Create(EcPoints.PrivateParameters(privateKey, "ECDH P-256")));

    public bool TryAgree(ReadOnlySpan<byte> peerPublicKey, Span<byte> sharedSecret)
    {
        KeyAgreementKeys.CheckSecretSpan(sharedSecret);
        if (!EcPoints.TryDecode(peerPublicKey, out ECPoint q))
        {
            return false;
        }

        try
        {
            using var peer = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = q });
            byte[] secret = _key.DeriveRawSecretAgreement(peer.PublicKey);
            secret.CopyTo(sharedSecret);
            CryptographicOperations.ZeroMemory(secret);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public byte[] ExportPrivateKey() => EcPoints.ExportScalar(_key.ExportParameters(includePrivateParameters: true));

    public void Dispose() => _key.Dispose();
}
