using System.Diagnostics.CodeAnalysis;
using G1Point = Zhtp.Storage.Types.Cryptography.Bls12381.ProjectivePoint<Zhtp.Storage.Types.Cryptography.Bls12381.Fp, Zhtp.Storage.Types.Cryptography.Bls12381.G1Curve>;

namespace Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;

/// <summary>
/// A Feldman VSS commitment: C_j = [a_j]G1 for each coefficient a_j of a secret polynomial of degree
/// t − 1 (t = <see cref="Threshold"/> points, 48 bytes each). It verifies a share s_i = f(i) by
/// [s_i]G1 = Σ_j i^j·C_j and yields every member's public share the same way. The coefficient-wise
/// sum of the qualified dealers' commitments is the committee's group commitment; its C_0 is the
/// group public key. Immutable and thread-safe.
/// </summary>
public sealed class FeldmanCommitment : IEquatable<FeldmanCommitment>
{
    /// <summary>The most coefficients a commitment may carry (bounds decoding and the wire format).</summary>
    public const int MaxThreshold = 64;

    private readonly G1Point[] _points;
    private readonly byte[] _encoded;

    internal FeldmanCommitment(G1Point[] points)
    {
        _points = points;
        _encoded = new byte[points.Length * G1.CompressedSize];
        for (int i = 0; i < points.Length; i++)
        {
            G1.Compress(points[i]).CopyTo(_encoded, i * G1.CompressedSize);
        }
    }

    /// <summary>t: how many shares (and partial signatures) reconstruct the secret.</summary>
    public int Threshold => _points.Length;

    /// <summary>C_0 = [f(0)]G1: the dealer's contribution, or for a group commitment the group public key.</summary>
    public PublicKey PublicKey => new(_points[0]);

    /// <summary>The public share of member <paramref name="index"/>: [f(index)]G1 = Σ_j index^j·C_j (public data, variable time).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is below 1.</exception>
    public PublicKey PublicShare(int index) => new(Evaluate(index));

    /// <summary>Whether <paramref name="share"/> is f(share.Index) for the committed polynomial: [s]G1 (constant time in s) against <see cref="PublicShare"/>.</summary>
    public bool VerifyShare(SecretShare share)
    {
        ArgumentNullException.ThrowIfNull(share);
        return share.Index >= 1 && G1Point.AreEqual(share.PublicKey.Point, Evaluate(share.Index));
    }

    /// <summary>The coefficient-wise sum (the group commitment of a DKG's qualified dealers).</summary>
    /// <exception cref="ArgumentException">No commitments, or thresholds differ.</exception>
    public static FeldmanCommitment Sum(IEnumerable<FeldmanCommitment> commitments)
    {
        ArgumentNullException.ThrowIfNull(commitments);
        G1Point[]? sum = null;
        foreach (FeldmanCommitment c in commitments)
        {
            if (sum is null)
            {
                sum = (G1Point[])c._points.Clone();
                continue;
            }

            if (c.Threshold != sum.Length)
            {
                throw new ArgumentException($"Commitments of thresholds {sum.Length} and {c.Threshold} cannot be summed; every dealer must use the committee's threshold.", nameof(commitments));
            }

            for (int j = 0; j < sum.Length; j++)
            {
                sum[j] = G1Point.Add(sum[j], c._points[j]);
            }
        }

        return sum is null
            ? throw new ArgumentException("Summing needs at least one commitment.", nameof(commitments))
            : new FeldmanCommitment(sum);
    }

    /// <summary>Decodes t × 48 bytes (each point fully checked, the identity refused for C_0); false instead of an exception.</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out FeldmanCommitment? commitment)
    {
        commitment = null;
        int count = bytes.Length / G1.CompressedSize;
        if (bytes.Length % G1.CompressedSize != 0 || count < 1 || count > MaxThreshold)
        {
            return false;
        }

        var points = new G1Point[count];
        for (int i = 0; i < count; i++)
        {
            if (!G1.TryDecompress(bytes.Slice(i * G1.CompressedSize, G1.CompressedSize), out points[i]))
            {
                return false;
            }
        }

        if (points[0].IsIdentity)
        {
            return false;
        }

        commitment = new FeldmanCommitment(points);
        return true;
    }

    /// <summary>Decodes t × 48 bytes.</summary>
    /// <exception cref="BlsFormatException">Not a whole number of valid G1 points (1 to <see cref="MaxThreshold"/>), or C_0 is the identity.</exception>
    public static FeldmanCommitment FromBytes(ReadOnlySpan<byte> bytes) =>
        TryFromBytes(bytes, out FeldmanCommitment? c)
            ? c
            : throw new BlsFormatException($"Not a valid Feldman commitment ({bytes.Length} bytes): it must be 1 to {MaxThreshold} compressed G1 points, each on the curve and in G1, the first not the identity.");

    /// <summary>The t × 48-byte encoding (a copy).</summary>
    public byte[] ToBytes() => (byte[])_encoded.Clone();

    /// <inheritdoc/>
    public bool Equals(FeldmanCommitment? other) => other is not null && _encoded.AsSpan().SequenceEqual(other._encoded);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as FeldmanCommitment);

    /// <inheritdoc/>
    public override int GetHashCode() => BitConverter.ToInt32(_encoded, 0);

    private G1Point Evaluate(int index)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        // Horner over the points: Σ_j index^j·C_j, with a public index.
        G1Point result = G1Point.Identity;
        for (int j = _points.Length - 1; j >= 0; j--)
        {
            result = G1Point.Add(G1Point.MultiplyVartime(result, (ulong)index), _points[j]);
        }

        return result;
    }
}
