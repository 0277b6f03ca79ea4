using System.Numerics;
using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>An element c0 + c1·u of Fp2 = Fp[u]/(u² + 1), the field of G2's coordinates.</summary>
internal readonly struct Fp2 : IBlsField<Fp2>
{
    private static readonly Fp HalfFp = Fp.Inverse(Fp.FromUInt64(2));

    public readonly Fp C0;
    public readonly Fp C1;

    public Fp2(in Fp c0, in Fp c1)
    {
        C0 = c0;
        C1 = c1;
    }

    /// <summary>The encoding: c1 then c0, 48 big-endian bytes each (the ZCash and IETF order).</summary>
    public static int ByteLength => 2 * Fp.ByteLength;

    public static Fp2 Zero => default;

    public static Fp2 One { get; } = new(Fp.One, Fp.Zero);

    public bool IsZero => C0.IsZero & C1.IsZero;

    /// <summary>sgn0 of RFC 9380 for m = 2.</summary>
    public bool Sgn0 => C0.Sgn0 | (C0.IsZero & C1.Sgn0);

    /// <summary>The serialization sign: c1 decides unless it is zero, then c0.</summary>
    public bool IsLexicographicallyLargest => C1.IsZero ? C0.IsLexicographicallyLargest : C1.IsLexicographicallyLargest;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, out Fp2 result)
    {
        bool ok = Fp.TryFromBytes(bytes[..Fp.ByteLength], out Fp c1) & Fp.TryFromBytes(bytes[Fp.ByteLength..], out Fp c0);
        result = new Fp2(c0, c1);
        return ok;
    }

    public void WriteBytes(Span<byte> destination)
    {
        C1.WriteBytes(destination[..Fp.ByteLength]);
        C0.WriteBytes(destination[Fp.ByteLength..]);
    }

    public static Fp2 Add(in Fp2 a, in Fp2 b) => new(Fp.Add(a.C0, b.C0), Fp.Add(a.C1, b.C1));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp2 Sub(in Fp2 a, in Fp2 b) => new(Fp.Sub(a.C0, b.C0), Fp.Sub(a.C1, b.C1));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp2 Negate(in Fp2 a) => new(Fp.Negate(a.C0), Fp.Negate(a.C1));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp2 Double(in Fp2 a) => Add(a, a);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp2 Conjugate(in Fp2 a) => new(a.C0, Fp.Negate(a.C1));

    /// <summary>
    /// Karatsuba with lazy reduction: three unreduced 768-bit products a0·b0, a1·b1 and
    /// (a0 + a1)(b0 + b1) (the sums unreduced, below 2p), then c1 = a0·b1 + a1·b0 (below 2p²) and
    /// c0 = a0·b0 − a1·b1 (plus p·2^384 when negative) are each Montgomery-reduced once: two reductions
    /// instead of three.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp2 Mul(in Fp2 a, in Fp2 b)
    {
        FpWide t0 = Fp.MulWide(a.C0, b.C0);
        FpWide t1 = Fp.MulWide(a.C1, b.C1);
        FpWide t2 = Fp.MulWide(Fp.AddUnreduced(a.C0, a.C1), Fp.AddUnreduced(b.C0, b.C1));
        return new Fp2(
            Fp.MontgomeryReduce(FpWide.SubModulusShifted(t0, t1)),
            Fp.MontgomeryReduce(FpWide.Sub(FpWide.Sub(t2, t0), t1)));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp2 MulByFp(in Fp2 a, in Fp b) => new(Fp.Mul(a.C0, b), Fp.Mul(a.C1, b));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp2 Square(in Fp2 a)
    {
        Fp t0 = Fp.Mul(Fp.Add(a.C0, a.C1), Fp.Sub(a.C0, a.C1));
        Fp t1 = Fp.Mul(a.C0, a.C1);
        return new Fp2(t0, Fp.Add(t1, t1));
    }

    /// <summary>Multiplication by ξ = 1 + u, the non-residue that defines Fp6.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp2 MulByXi(in Fp2 a) => new(Fp.Sub(a.C0, a.C1), Fp.Add(a.C0, a.C1));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp2 Inverse(in Fp2 a)
    {
        Fp norm = Fp.Add(Fp.Square(a.C0), Fp.Square(a.C1));
        Fp inv = Fp.Inverse(norm);
        return new Fp2(Fp.Mul(a.C0, inv), Fp.Negate(Fp.Mul(a.C1, inv)));
    }

    public static Fp2 Pow(in Fp2 a, BigInteger e) => BlsPow.Pow(a, e);

    /// <summary>
    /// Square root through the norm: a = a0 + a1·u is a square iff n = a0² + a1² is a square in Fp;
    /// then of z = (a0 + √n)/2 and z' = (a0 − √n)/2 exactly one is a square (z·z' = −a1²/4 and −1 is
    /// not a square) and x0² = that one, x1 = a1/(2·x0). One exponentiation t = z^((p−3)/4) serves both
    /// cases without an inversion: when z is a square, t = 1/√z, x0 = z·t and x1 = a1·t/2; when it is
    /// not, t² = −1/z, so x0 = a1·t/2 (x0² = z') and x1 = 1/t = −z·t. Two Fp exponentiations (one when
    /// a is not a square) instead of three or four. False when a has no root. Used on public values
    /// only (decompression, hash-to-curve): it branches on them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TrySqrt(in Fp2 a, out Fp2 root)
    {
        if (a.C1.IsZero)
        {
            // √a0 in Fp, or √(-a0)·u since -1 is not a square (p ≡ 3 mod 4)
            root = Fp.TrySqrt(a.C0, out Fp r0) ? new Fp2(r0, Fp.Zero) : new Fp2(Fp.Zero, Fp.TrySqrt(Fp.Negate(a.C0), out Fp r1) ? r1 : Fp.Zero);
            return AreEqual(Square(root), a);
        }

        if (!Fp.TrySqrt(Fp.Add(Fp.Square(a.C0), Fp.Square(a.C1)), out Fp n))
        {
            root = Zero;
            return false;
        }

        Fp z = Fp.Mul(Fp.Add(a.C0, n), HalfFp); // nonzero: z = 0 would need a1 = 0
        Fp t = Fp.PowInverseSqrt(z);
        Fp halfA1T = Fp.Mul(Fp.Mul(a.C1, t), HalfFp);
        root = Fp.AreEqual(Fp.Mul(z, Fp.Square(t)), Fp.One)
            ? new Fp2(Fp.Mul(z, t), halfA1T)
            : new Fp2(halfA1T, Fp.Negate(Fp.Mul(z, t)));
        return AreEqual(Square(root), a);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp2 Select(in Fp2 a, in Fp2 b, ulong mask) => new(Fp.Select(a.C0, b.C0, mask), Fp.Select(a.C1, b.C1, mask));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool AreEqual(in Fp2 a, in Fp2 b) => Fp.AreEqual(a.C0, b.C0) & Fp.AreEqual(a.C1, b.C1);

    public override string ToString() => $"({C0}, {C1})";
}
