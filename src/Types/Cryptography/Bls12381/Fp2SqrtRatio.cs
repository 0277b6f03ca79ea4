using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>
/// √(a/b) in Fp2 with two exponentiations in Fp and no inversion, for hash_to_G2 (public data:
/// it branches on values). Write a/b = A/N with A = a·conj(b) and N = b·conj(b) ∈ Fp. A/N is a
/// square in Fp2 iff n = norm(A) is a square in Fp; r = n^((p+1)/4) tells which (r² = n or −n).
/// With r² = n, t = (A0 + r)/(2N) and w = ((A0 + r)·2N)^((p−3)/4): if t is a square,
/// √(A/N) = (A0 + r)·w + A1·w·u (x0 = (A0 + r)·w = √t and 1/x0 = 2N·w); otherwise
/// (A0 + r)·w = √(−t) and √(A/N) = −A1·w + (A0 + r)·w·u. The result is checked (y²·N = A) and
/// false is returned on any failure, including the rare A0 + r = 0; callers then take the
/// general route (an inversion and <see cref="Fp2.TrySqrt"/>).
/// </summary>
internal static class Fp2SqrtRatio
{
    /// <summary>x ↦ x^((p+1)/4): the square root in Fp (p ≡ 3 mod 4).</summary>
    public static readonly FpFixedPower SqrtPower = new((Fp.Modulus + 1) / 4);

    /// <summary>x ↦ x^((p−3)/4).</summary>
    private static readonly FpFixedPower QuarterPower = new((Fp.Modulus - 3) / 4);

    /// <summary>Norm of an Fp2 element, c0² + c1².</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp Norm(in Fp2 a) => Fp.Add(Fp.Square(a.C0), Fp.Square(a.C1));

    /// <summary>
    /// A square root of <paramref name="a"/> (public values: decompression), by two Fp
    /// exponentiations: the norm's root, then <see cref="TryRoot"/> with N = 1; the general
    /// <see cref="Fp2.TrySqrt"/> (up to four exponentiations) only where the shortcut does not apply.
    /// False when a is not a square.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TrySqrt(in Fp2 a, out Fp2 root)
    {
        Fp n = Norm(a);
        Fp r = SqrtPower.Pow(n);
        if (!Fp.AreEqual(Fp.Square(r), n))
        {
            root = Fp2.Zero;
            return false;
        }

        return TryRoot(a, Fp.One, r, out root) || Fp2.TrySqrt(a, out root);
    }

    /// <summary>A square root in Fp, a^((p+1)/4) by the sliding window; false when a is not a square.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TrySqrt(in Fp a, out Fp root)
    {
        root = SqrtPower.Pow(a);
        return Fp.AreEqual(Fp.Square(root), a);
    }

    /// <summary>
    /// y with y² = A/N, given N ≠ 0 and r with r² = norm(A) (one exponentiation); false when the
    /// shortcut does not apply (A0 + r = 0) or A/N is not a square.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryRoot(in Fp2 a, in Fp n, in Fp r, out Fp2 y)
    {
        Fp s = Fp.Add(a.C0, r);
        Fp twoN = Fp.Double(n);
        Fp w = QuarterPower.Pow(Fp.Mul(s, twoN));
        Fp x0 = Fp.Mul(s, w);
        Fp x1 = Fp.Mul(a.C1, w);
        y = Fp.AreEqual(Fp.Mul(Fp.Square(x0), twoN), s) ? new Fp2(x0, x1) : new Fp2(Fp.Negate(x1), x0);
        Fp2 y2 = Fp2.Square(y);
        return !s.IsZero & Fp.AreEqual(Fp.Mul(y2.C0, n), a.C0) & Fp.AreEqual(Fp.Mul(y2.C1, n), a.C1);
    }
}
