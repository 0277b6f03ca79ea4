using System.Security.Cryptography;
using G1Point = Zhtp.Storage.Types.Cryptography.Bls12381.ProjectivePoint<Zhtp.Storage.Types.Cryptography.Bls12381.Fp, Zhtp.Storage.Types.Cryptography.Bls12381.G1Curve>;
using G2Point = Zhtp.Storage.Types.Cryptography.Bls12381.ProjectivePoint<Zhtp.Storage.Types.Cryptography.Bls12381.Fp2, Zhtp.Storage.Types.Cryptography.Bls12381.G2Curve>;

namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>
/// Verification of the BLS signature scheme, ciphersuite BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_
/// (draft-irtf-cfrg-bls-signature-05: proof-of-possession scheme, public keys in G1, signatures in
/// G2). Every check returns false rather than throwing for invalid input, including identity
/// public keys (KeyValidate) and empty key lists. Aggregating keys for one message is safe only for
/// keys whose possession was proven (<see cref="VerifyPossession"/>).
/// </summary>
public static class Bls
{
    /// <summary>The signature domain separation tag.</summary>
    public const string SignatureDst = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

    /// <summary>The proof-of-possession domain separation tag.</summary>
    public const string PopDst = "BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

    internal static readonly byte[] SignatureDstBytes = System.Text.Encoding.ASCII.GetBytes(SignatureDst);
    internal static readonly byte[] PopDstBytes = System.Text.Encoding.ASCII.GetBytes(PopDst);

    /// <summary>Verify: e(pk, H(message)) = e(G1, signature), the key not the identity.</summary>
    public static bool Verify(PublicKey publicKey, ReadOnlySpan<byte> message, Signature signature)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(signature);
        return CoreVerify(publicKey.Point, message, signature, SignatureDstBytes);
    }

    /// <summary>PopVerify: the proof is a signature by <paramref name="publicKey"/> over its own encoding under the POP tag.</summary>
    public static bool VerifyPossession(PublicKey publicKey, Signature proof)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(proof);
        return CoreVerify(publicKey.Point, publicKey.ToBytes(), proof, PopDstBytes);
    }

    /// <summary>
    /// AggregateVerify: one aggregate signature over message i by key i for every i
    /// (Π e(pk_i, H(m_i)) = e(G1, signature)); false for no keys, a count mismatch, or an identity key.
    /// </summary>
    public static bool AggregateVerify(IReadOnlyList<PublicKey> publicKeys, IReadOnlyList<byte[]> messages, Signature signature)
    {
        ArgumentNullException.ThrowIfNull(publicKeys);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(signature);
        if (publicKeys.Count == 0 || publicKeys.Count != messages.Count)
        {
            return false;
        }

        var pairs = new (G1Point, G2Point)[publicKeys.Count + 1];
        for (int i = 0; i < publicKeys.Count; i++)
        {
            if (publicKeys[i].IsIdentity)
            {
                return false;
            }

            pairs[i] = (publicKeys[i].Point, HashToG2.Hash(messages[i], SignatureDstBytes));
        }

        pairs[^1] = (G1Point.Negate(G1.Generator), signature.Point);
        return Pairing.ProductIsOne(pairs);
    }

    /// <summary>
    /// FastAggregateVerify: every key signed the same message (verified against the sum of the keys);
    /// false for no keys or an identity key. The keys' possession must have been proven.
    /// </summary>
    public static bool FastAggregateVerify(IReadOnlyList<PublicKey> publicKeys, ReadOnlySpan<byte> message, Signature signature)
    {
        ArgumentNullException.ThrowIfNull(publicKeys);
        ArgumentNullException.ThrowIfNull(signature);
        if (publicKeys.Count == 0)
        {
            return false;
        }

        G1Point sum = G1Point.Identity;
        foreach (PublicKey k in publicKeys)
        {
            if (k.IsIdentity)
            {
                return false;
            }

            sum = G1Point.Add(sum, k.Point);
        }

        return CoreVerify(sum, message, signature, SignatureDstBytes);
    }

    /// <summary>
    /// Verifies n independent (key, message, signature) triples at once with a random linear
    /// combination (random nonzero 64-bit r_i from the system RNG): e(G1, Σ r_i·σ_i) = Π e(r_i·pk_i, H(m_i)).
    /// True only if every triple verifies, except with probability about 2^-64.
    /// </summary>
    public static bool BatchVerify(IReadOnlyList<PublicKey> publicKeys, IReadOnlyList<byte[]> messages, IReadOnlyList<Signature> signatures) =>
        BatchVerify(publicKeys, messages, signatures, RandomNumberGenerator.Fill);

    /// <summary>BatchVerify with the randomness taken from <paramref name="fillRandom"/> (tests inject it).</summary>
    public static bool BatchVerify(IReadOnlyList<PublicKey> publicKeys, IReadOnlyList<byte[]> messages, IReadOnlyList<Signature> signatures, Action<Span<byte>> fillRandom)
    {
        ArgumentNullException.ThrowIfNull(publicKeys);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(signatures);
        ArgumentNullException.ThrowIfNull(fillRandom);
        int n = publicKeys.Count;
        if (n == 0 || messages.Count != n || signatures.Count != n)
        {
            return false;
        }

        var pairs = new (G1Point, G2Point)[n + 1];
        G2Point sigma = G2Point.Identity;
        Span<byte> random = stackalloc byte[8];
        for (int i = 0; i < n; i++)
        {
            if (publicKeys[i].IsIdentity)
            {
                return false;
            }

            ulong r;
            do
            {
                fillRandom(random);
                r = BitConverter.ToUInt64(random);
            }
            while (r == 0);

            sigma = G2Point.Add(sigma, G2Point.MultiplyVartime(signatures[i].Point, r));
            pairs[i] = (G1Point.MultiplyVartime(publicKeys[i].Point, r), HashToG2.Hash(messages[i], SignatureDstBytes));
        }

        pairs[^1] = (G1Point.Negate(G1.Generator), sigma);
        return Pairing.ProductIsOne(pairs);
    }

    private static bool CoreVerify(in G1Point publicKey, ReadOnlySpan<byte> message, Signature signature, byte[] dst)
    {
        if (publicKey.IsIdentity)
        {
            return false;
        }

        G2Point h = HashToG2.Hash(message, dst);
        return Pairing.ProductIsOne([(publicKey, h), (G1Point.Negate(G1.Generator), signature.Point)]);
    }
}
