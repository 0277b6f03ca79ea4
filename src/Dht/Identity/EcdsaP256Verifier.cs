using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Zhtp.Storage.Dht.Identity;

// Implementation notes
// Verifying needs an ECDsa object per peer key; importing costs about as much as a verification,
// so imported keys are cached (at most CacheCapacity, cleared when full). Results are never
// cached. An ECDsa object is not documented as safe for concurrent use, so each is locked while
// it verifies; different keys verify in parallel.

/// <summary>Verifies ECDSA P-256 / SHA-256 signatures (64-byte r || s) against 65-byte uncompressed SEC1 public keys.</summary>
internal sealed class EcdsaP256Verifier : ISignatureVerifier
{
    /// <summary>Most public keys kept imported.</summary>
    public const int CacheCapacity = 4096;

    private readonly ConcurrentDictionary<string, ECDsa> _keys = new(StringComparer.Ordinal);

    /// <summary>The shared instance: every signer and verifier of the process shares one key cache.</summary>
    public static EcdsaP256Verifier Instance { get; } = new();

    public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != EcdsaP256Signer.PublicKeySize || publicKey[0] != 0x04 || signature.Length != EcdsaP256Signer.SignatureBytes)
        {
            return false;
        }

        ECDsa? key = PeerKey(publicKey);
        if (key is null)
        {
            return false;
        }

        try
        {
            lock (key)
            {
                return key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private ECDsa? PeerKey(ReadOnlySpan<byte> publicKey)
    {
        string cacheKey = Convert.ToBase64String(publicKey);
        if (_keys.TryGetValue(cacheKey, out ECDsa? cached))
        {
            return cached;
        }

        try
        {
            var parameters = new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = publicKey.Slice(1, 32).ToArray(), Y = publicKey.Slice(33, 32).ToArray() },
            };
            if (_keys.Count >= CacheCapacity)
            {
                _keys.Clear();
            }

            return _keys.GetOrAdd(cacheKey, static (_, p) => ECDsa.Create(p), parameters);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
