namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>
/// The operations the curve arithmetic needs from a field (Fp for G1, Fp2 for G2), so one
/// generic projective point serves both groups. Every operation runs in time independent of the
/// values (Select is a masked copy, never a branch).
/// </summary>
internal interface IBlsField<T> : IBlsMultiplicative<T>
    where T : struct, IBlsField<T>
{
    /// <summary>The size of the big-endian encoding (48 for Fp, 96 for Fp2).</summary>
    static abstract int ByteLength { get; }

    static abstract T Zero { get; }

    static abstract T Add(in T a, in T b);

    static abstract T Sub(in T a, in T b);

    static abstract T Negate(in T a);

    /// <summary>The inverse; zero maps to zero.</summary>
    static abstract T Inverse(in T a);

    /// <summary><paramref name="b"/> when <paramref name="mask"/> is all ones, <paramref name="a"/> when it is zero.</summary>
    static abstract T Select(in T a, in T b, ulong mask);

    static abstract bool AreEqual(in T a, in T b);

    /// <summary>A square root; false when there is none (public values only: it may branch).</summary>
    static abstract bool TrySqrt(in T a, out T root);

    /// <summary>Reads the big-endian encoding; false when a coordinate is not below p.</summary>
    static abstract bool TryFromBytes(ReadOnlySpan<byte> bytes, out T result);

    bool IsZero { get; }

    /// <summary>The sign of the compressed encoding.</summary>
    bool IsLexicographicallyLargest { get; }

    void WriteBytes(Span<byte> destination);
}
