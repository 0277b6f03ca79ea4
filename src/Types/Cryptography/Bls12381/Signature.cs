using System.Diagnostics.CodeAnalysis;
using G2Point = Zhtp.Storage.Types.Cryptography.Bls12381.ProjectivePoint<Zhtp.Storage.Types.Cryptography.Bls12381.Fp2, Zhtp.Storage.Types.Cryptography.Bls12381.G2Curve>;

namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>
/// A BLS12-381 signature (or an aggregate of several): a point of G2, 96 bytes compressed. A
/// decoded signature is on the curve and in G2.
/// </summary>
public sealed class Signature : IEquatable<Signature>
{
    /// <summary>The compressed size in bytes.</summary>
    public const int Size = G2.CompressedSize;

    private readonly byte[] _encoded;

    internal Signature(in G2Point point)
    {
        Point = point;
        _encoded = G2.Compress(point);
    }

    internal G2Point Point { get; }

    /// <summary>Decodes a compressed signature with every check.</summary>
    /// <exception cref="BlsFormatException">Wrong length, flags, coordinate, or a point off the curve or outside G2.</exception>
    public static Signature FromBytes(ReadOnlySpan<byte> bytes) =>
        TryFromBytes(bytes, out Signature? signature)
            ? signature
            : throw new BlsFormatException($"Not a valid compressed BLS12-381 G2 signature ({bytes.Length} bytes): the length, flag bits, x coordinate, curve or subgroup check failed.");

    /// <summary>Decodes a compressed signature; false instead of an exception.</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out Signature? signature)
    {
        signature = G2.TryDecompress(bytes, out G2Point p) ? new Signature(p) : null;
        return signature is not null;
    }

    /// <summary>Aggregate: the sum of the signatures, verified by AggregateVerify or FastAggregateVerify.</summary>
    /// <exception cref="ArgumentException">No signatures.</exception>
    public static Signature Aggregate(IEnumerable<Signature> signatures)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        G2Point sum = G2Point.Identity;
        bool any = false;
        foreach (Signature s in signatures)
        {
            sum = G2Point.Add(sum, s.Point);
            any = true;
        }

        return any ? new Signature(sum) : throw new ArgumentException("Aggregating needs at least one signature.", nameof(signatures));
    }

    /// <summary>The 96-byte compressed encoding (a copy).</summary>
    public byte[] ToBytes() => (byte[])_encoded.Clone();

    /// <inheritdoc/>
    public bool Equals(Signature? other) => other is not null && _encoded.AsSpan().SequenceEqual(other._encoded);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Signature);

    /// <inheritdoc/>
    public override int GetHashCode() => BitConverter.ToInt32(_encoded, Size - 4);

    /// <summary>The hex of the encoding.</summary>
    public override string ToString() => Convert.ToHexStringLower(_encoded);
}
