namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>
/// The operations the curve arithmetic needs from a field (Fp for G1, Fp2 for G2), so one
/// generic projective point serves both groups. Every operation runs in time independent of the
/// values (Select is a masked copy, never a branch).
/// </summary>
internal interface IBlsField<T>
    where T : struct, IBlsField<T>
{
    static abstract T Zero { get; }

    static abstract T One { get; }

    static abstract T Add(in T a, in T b);

    static abstract T Sub(in T a, in T b);

    static abstract T Mul(in T a, in T b);

    static abstract T Square(in T a);

    static abstract T Negate(in T a);

    /// <summary>The inverse; zero maps to zero.</summary>
    static abstract T Inverse(in T a);

    /// <summary><paramref name="b"/> when <paramref name="mask"/> is all ones, <paramref name="a"/> when it is zero.</summary>
    static abstract T Select(in T a, in T b, ulong mask);

    static abstract bool AreEqual(in T a, in T b);

    bool IsZero { get; }
}
