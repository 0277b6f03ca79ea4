using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Zhtp.Storage.Dht.Identity;

// Implementation notes
// ECDSA over NIST P-256 with SHA-256 (FIPS 186-5), signatures in IEEE P1363 form (r || s, 64
// bytes), public keys as uncompressed SEC1 points (0x04 || X || Y, 65 bytes). Verifying needs an
// ECDsa object per peer key; imported keys are cached (bounded) because importing costs about as
// much as a verification. Results of verification are never cached.

/// <summary>The default node signer: ECDSA P-256.</summary>
internal sealed class EcdsaP256Signer : INodeSigner, IKeyAgreement, IDisposable
{
    /// <summary>Wire algorithm id of ECDSA P-256 / SHA-256.</summary>
    public const byte AlgorithmId = 1;

    private const int KeyCacheCapacity = 4096;
    private readonly ECDsa _key;
    private readonly ECDiffieHellman _agreement;
    private readonly byte[] _publicKey;
    private readonly ConcurrentDictionary<string, ECDsa> _peerKeys = new(StringComparer.Ordinal);

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
        _publicKey = new byte[65];
        _publicKey[0] = 0x04;
        parameters.Q.X.AsSpan().CopyTo(_publicKey.AsSpan(1));
        parameters.Q.Y.AsSpan().CopyTo(_publicKey.AsSpan(33));
    }

    public byte Algorithm => AlgorithmId;

    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    public int SignatureSize => 64;

    public void Sign(ReadOnlySpan<byte> data, Span<byte> signature)
    {
        if (!_key.TrySignData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation, out int written) || written != 64)
        {
            throw new CryptographicException("ECDSA P-256 signing produced no 64-byte signature; the key is unusable.");
        }
    }

    public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != 65 || publicKey[0] != 0x04 || signature.Length != 64)
        {
            return false;
        }

        ECDsa? key = PeerKey(publicKey);
        return key is not null && key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    public bool TryAgree(ReadOnlySpan<byte> peerPublicKey, Span<byte> sharedSecret)
    {
        if (peerPublicKey.Length != 65 || peerPublicKey[0] != 0x04)
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
        foreach (ECDsa key in _peerKeys.Values)
        {
            key.Dispose();
        }
    }

    private ECDsa? PeerKey(ReadOnlySpan<byte> publicKey)
    {
        string cacheKey = Convert.ToBase64String(publicKey);
        if (_peerKeys.TryGetValue(cacheKey, out ECDsa? cached))
        {
            return cached;
        }

        try
        {
            var key = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = publicKey.Slice(1, 32).ToArray(), Y = publicKey.Slice(33, 32).ToArray() },
            });
            if (_peerKeys.Count >= KeyCacheCapacity)
            {
                _peerKeys.Clear();
            }

            return _peerKeys.GetOrAdd(cacheKey, key);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
