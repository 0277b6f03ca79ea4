using System.Security.Cryptography;

namespace Zhtp.Storage.Dht.Identity;

// Implementation notes
// ECDSA over NIST P-256 with SHA-256 (FIPS 186-5), signatures in IEEE P1363 form (r || s, 64
// bytes), public keys as uncompressed SEC1 points (0x04 || X || Y, 65 bytes). Verification is
// EcdsaP256Verifier's (one key cache per process).

/// <summary>The default node signer: ECDSA P-256.</summary>
internal sealed class EcdsaP256Signer : INodeSigner, IKeyAgreement, IDisposable
{
    /// <summary>Wire algorithm id of ECDSA P-256 / SHA-256.</summary>
    public const byte AlgorithmId = 1;

    /// <summary>Bytes of a public key: the uncompressed SEC1 point.</summary>
    public const int PublicKeySize = 65;

    /// <summary>Bytes of a signature: r || s.</summary>
    public const int SignatureBytes = 64;

    private readonly ECDsa _key;
    private readonly ECDiffieHellman _agreement;
    private readonly byte[] _publicKey;

    public EcdsaP256Signer(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
        ECParameters parameters = key.ExportParameters(includePrivateParameters: false);
        if (parameters.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            throw new ArgumentException("The node key must be an ECDSA key on NIST P-256.", nameof(key));
        }

        _agreement = ECDiffieHellman.Create(key.ExportParameters(includePrivateParameters: true));
        _publicKey = new byte[PublicKeySize];
        _publicKey[0] = 0x04;
        parameters.Q.X.AsSpan().CopyTo(_publicKey.AsSpan(1));
        parameters.Q.Y.AsSpan().CopyTo(_publicKey.AsSpan(33));
    }

    public byte Algorithm => AlgorithmId;

    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    public int SignatureSize => SignatureBytes;

    public void Sign(ReadOnlySpan<byte> data, Span<byte> signature)
    {
        if (!_key.TrySignData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation, out int written) || written != SignatureBytes)
        {
            throw new CryptographicException("ECDSA P-256 signing produced no 64-byte signature; the key is unusable.");
        }
    }

    public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        EcdsaP256Verifier.Instance.Verify(publicKey, data, signature);

    public bool TryAgree(ReadOnlySpan<byte> peerPublicKey, Span<byte> sharedSecret)
    {
        if (peerPublicKey.Length != PublicKeySize || peerPublicKey[0] != 0x04)
        {
            return false;
        }

        try
        {
            using var peer = ECDiffieHellman.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = peerPublicKey.Slice(1, 32).ToArray(), Y = peerPublicKey.Slice(33, 32).ToArray() },
            });
            byte[] secret = _agreement.DeriveRawSecretAgreement(peer.PublicKey);
            secret.AsSpan(0, 32).CopyTo(sharedSecret);
            CryptographicOperations.ZeroMemory(secret);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _key.Dispose();
        _agreement.Dispose();
    }
}
