using System.Numerics;
using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>
/// An element c0 + c1·w of Fp12 = Fp6[w]/(w² - v), the pairing's target field. Seen as
/// Σ g_i·w^i over Fp2: g0, g2, g4 are c0's coefficients and g1, g3, g5 are c1's.
/// </summary>
internal readonly struct Fp12 : IBlsMultiplicative<Fp12>
{
    /// <summary>γ^i for γ = ξ^((p-1)/6), i = 0..5: w^p = γ·w, so Frobenius maps g_i·w^i to conj(g_i)·γ^i·w^i.</summary>
    private static readonly Fp2[] FrobeniusCoefficients = ComputeFrobenius();

    public readonly Fp6 C0;
    public readonly Fp6 C1;

    public Fp12(in Fp6 c0, in Fp6 c1)
    {
        C0 = c0;
        C1 = c1;
    }

    public static Fp12 One { get; } = new(Fp6.One, Fp6.Zero);

    public bool IsOne => Fp6.AreEqual(C0, Fp6.One) & C1.IsZero;

    /// <summary>γ = ξ^((p-1)/6) (ψ on G2 uses its powers too).</summary>
    public static Fp2 Gamma => FrobeniusCoefficients[1];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp12 Mul(in Fp12 a, in Fp12 b)
    {
        Fp6 t0 = Fp6.Mul(a.C0, b.C0);
        Fp6 t1 = Fp6.Mul(a.C1, b.C1);
        Fp6 c1 = Fp6.Sub(Fp6.Sub(Fp6.Mul(Fp6.Add(a.C0, a.C1), Fp6.Add(b.C0, b.C1)), t0), t1);
        return new Fp12(Fp6.Add(t0, Fp6.MulByV(t1)), c1);
    }

    /// <summary>
    /// Product with a Miller-loop line l0 + l2·w² + l3·w³ (in tower terms (l0 + l2·v) + (l3·v)·w):
    /// 13 Fp2 multiplications instead of 18.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp12 MulByLine(in Fp12 a, in Fp2 l0, in Fp2 l2, in Fp2 l3)
    {
        Fp6 t0 = Fp6.MulBy01(a.C0, l0, l2);
        Fp6 t1 = Fp6.MulBy1(a.C1, l3);
        Fp6 c1 = Fp6.Sub(Fp6.Sub(Fp6.MulBy01(Fp6.Add(a.C0, a.C1), l0, Fp2.Add(l2, l3)), t0), t1);
        return new Fp12(Fp6.Add(t0, Fp6.MulByV(t1)), c1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp12 Square(in Fp12 a)
    {
        Fp6 ab = Fp6.Mul(a.C0, a.C1);
        Fp6 c0 = Fp6.Sub(Fp6.Sub(Fp6.Mul(Fp6.Add(a.C0, a.C1), Fp6.Add(a.C0, Fp6.MulByV(a.C1))), ab), Fp6.MulByV(ab));
        return new Fp12(c0, Fp6.Add(ab, ab));
    }

    /// <summary>
    /// Squaring in the cyclotomic subgroup (f^(p^6+1) = 1, as after the easy part of the final
    /// exponentiation), by Granger and Scott (eprint 2009/565): with f = A + B·w + C·w² over
    /// Fp4 = Fp2[t]/(t² - ξ), t = w³, f² = (3A² - 2Ā) + (3t·C² + 2B̄)·w + (3B² - 2C̄)·w², nine Fp2
    /// squarings instead of a general square. Wrong for elements outside the subgroup.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp12 CyclotomicSquare(in Fp12 f)
    {
        // g0..g5 are the Fp2 coefficients of w^0..w^5; A = g0 + g3·t, B = g1 + g4·t, C = g2 + g5·t
        (Fp2 a0, Fp2 a1) = Fp4Square(f.C0.C0, f.C1.C1);
        (Fp2 b0, Fp2 b1) = Fp4Square(f.C1.C0, f.C0.C2);
        (Fp2 c0, Fp2 c1) = Fp4Square(f.C0.C1, f.C1.C2);
        Fp2 g0 = TripleMinusDouble(a0, f.C0.C0);
        Fp2 g3 = TriplePlusDouble(a1, f.C1.C1);
        Fp2 g1 = TriplePlusDouble(Fp2.MulByXi(c1), f.C1.C0);
        Fp2 g4 = TripleMinusDouble(c0, f.C0.C2);
        Fp2 g2 = TripleMinusDouble(b0, f.C0.C1);
        Fp2 g5 = TriplePlusDouble(b1, f.C1.C2);
        return new Fp12(new Fp6(g0, g2, g4), new Fp6(g1, g3, g5));
    }

    /// <summary>(x + y·t)² = (x² + ξy²) + 2xy·t in Fp4, by three squarings.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (Fp2 Low, Fp2 High) Fp4Square(in Fp2 x, in Fp2 y)
    {
        Fp2 xx = Fp2.Square(x);
        Fp2 yy = Fp2.Square(y);
        Fp2 xy2 = Fp2.Sub(Fp2.Sub(Fp2.Square(Fp2.Add(x, y)), xx), yy);
        return (Fp2.Add(xx, Fp2.MulByXi(yy)), xy2);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Fp2 TripleMinusDouble(in Fp2 s, in Fp2 g)
    {
        Fp2 d = Fp2.Sub(s, g);
        return Fp2.Add(Fp2.Double(d), s);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Fp2 TriplePlusDouble(in Fp2 s, in Fp2 g)
    {
        Fp2 d = Fp2.Add(s, g);
        return Fp2.Add(Fp2.Double(d), s);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp12 Conjugate(in Fp12 a) => new(a.C0, Fp6.Negate(a.C1));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp12 Inverse(in Fp12 a)
    {
        Fp6 t = Fp6.Inverse(Fp6.Sub(Fp6.Square(a.C0), Fp6.MulByV(Fp6.Square(a.C1))));
        return new Fp12(Fp6.Mul(a.C0, t), Fp6.Negate(Fp6.Mul(a.C1, t)));
    }

    /// <summary>The p-power Frobenius map.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp12 Frobenius(in Fp12 a)
    {
        Fp2[] g = FrobeniusCoefficients;
        return new Fp12(
            new Fp6(Fp2.Conjugate(a.C0.C0), Fp2.Mul(Fp2.Conjugate(a.C0.C1), g[2]), Fp2.Mul(Fp2.Conjugate(a.C0.C2), g[4])),
            new Fp6(Fp2.Mul(Fp2.Conjugate(a.C1.C0), g[1]), Fp2.Mul(Fp2.Conjugate(a.C1.C1), g[3]), Fp2.Mul(Fp2.Conjugate(a.C1.C2), g[5])));
    }

    public static Fp12 Pow(in Fp12 a, BigInteger e) => BlsPow.Pow(a, e);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool AreEqual(in Fp12 a, in Fp12 b) => Fp6.AreEqual(a.C0, b.C0) & Fp6.AreEqual(a.C1, b.C1);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Fp2[] ComputeFrobenius()
    {
        Fp2 xi = new(Fp.One, Fp.One);
        Fp2 gamma = Fp2.Pow(xi, (Fp.Modulus - 1) / 6);
        var result = new Fp2[6];
        result[0] = Fp2.One;
        for (int i = 1; i < 6; i++)
        {
            result[i] = Fp2.Mul(result[i - 1], gamma);
        }

        return result;
    }
}
