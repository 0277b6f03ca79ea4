using System.Diagnostics.CodeAnalysis;
using G1Point = Zhtp.Storage.Types.Cryptography.Bls12381.ProjectivePoint<Zhtp.Storage.Types.Cryptography.Bls12381.Fp, Zhtp.Storage.Types.Cryptography.Bls12381.G1Curve>;

namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>
/// A BLS12-381 public key: a point of G1, 48 bytes compressed (minimal-pubkey-size). A decoded key
/// is on the curve and in G1; it may be the identity, which every verification rejects (KeyValidate).
/// </summary>
public sealed class PublicKey : IEquatable<PublicKey>
{
    /// <summary>The compressed size in bytes.</summary>
    public const int Size = G1.CompressedSize;

    private readonly byte[] _encoded;

    internal PublicKey(in G1Point point)
    {
        Point = point;
        _encoded = G1.Compress(point);
    }

    internal G1Point Point { get; }

    /// <summary>Whether this is the point at infinity (never a valid signer; aggregates of keys that cancel are).</summary>
    public bool IsIdentity => Point.IsIdentity;

    /// <summary>Decodes a compressed key with every check.</summary>
    /// <exception cref="BlsFormatException">Wrong length, flags, coordinate, or a point off the curve or outside G1.</exception>
    public static PublicKey FromBytes(ReadOnlySpan<byte> bytes) =>
        TryFromBytes(bytes, out PublicKey? key)
            ? key
            : throw new BlsFormatException($"Not a valid compressed BLS12-381 G1 public key ({bytes.Length} bytes): the length, flag bits, x coordinate, curve or subgroup check failed.");

    /// <summary>Decodes a compressed key; false instead of an exception.</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out PublicKey? key)
    {
        key = G1.TryDecompress(bytes, out G1Point p) ? new PublicKey(p) : null;
        return key is not null;
    }

    /// <summary>The sum of the keys (for FastAggregateVerify over one message).</summary>
    /// <exception cref="ArgumentException">No keys.</exception>
    public static PublicKey Aggregate(IEnumerable<PublicKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        G1Point sum = G1Point.Identity;
        bool any = false;
        foreach (PublicKey k in keys)
        {
            sum = G1Point.Add(sum, k.Point);
            any = true;
        }

        return any ? new PublicKey(sum) : throw new ArgumentException("Aggregating needs at least one public key.", nameof(keys));
    }

    /// <summary>The 48-byte compressed encoding (a copy).</summary>
    public byte[] ToBytes() => (byte[])_encoded.Clone();

    /// <inheritdoc/>
    public bool Equals(PublicKey? other) => other is not null && _encoded.AsSpan().SequenceEqual(other._encoded);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PublicKey);

    /// <inheritdoc/>
    public override int GetHashCode() => BitConverter.ToInt32(_encoded, Size - 4);

    /// <summary>The hex of the encoding.</summary>
    public override string ToString() => Convert.ToHexStringLower(_encoded);
}
