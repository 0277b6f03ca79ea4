using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Zhtp.Storage.Economic;

/// <summary>Verifies <see cref="EcdsaP256Signer"/> signatures.</summary>
/// <remarks>
/// Imported keys are cached (importing costs more than verifying); the cache holds at most
/// <see cref="CacheCapacity"/> keys and is cleared when full. Thread-safe.
/// </remarks>
public sealed class EcdsaP256Verifier : ISignatureVerifier
{
    /// <summary>Most public keys kept imported.</summary>
    public const int CacheCapacity = 4096;

    private readonly ConcurrentDictionary<string, ECDsa> _keys = new(StringComparer.Ordinal);

    /// <summary>The shared instance.</summary>
    public static EcdsaP256Verifier Instance { get; } = new();

    /// <inheritdoc />
    public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != 65 || publicKey[0] != 4 || signature.Length != 64)
        {
            return false;
        }

        var name = Convert.ToBase64String(publicKey);
        try
        {
            if (!_keys.TryGetValue(name, out var key))
            {
                if (_keys.Count >= CacheCapacity)
                {
                    _keys.Clear();
                }

                var parameters = new ECParameters
                {
                    Curve = ECCurve.NamedCurves.nistP256,
                    Q = new ECPoint { X = publicKey.Slice(1, 32).ToArray(), Y = publicKey.Slice(33, 32).ToArray() },
                };
                key = _keys.GetOrAdd(name, static (_, p) => ECDsa.Create(p), parameters);
            }

            lock (key)
            {
                return key.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
