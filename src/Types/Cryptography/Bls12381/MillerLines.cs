using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>
/// Miller-loop lines l = l0 + l2·w² + l3·w³ (Fp2 coefficients; in tower terms (l0 + l2·v) + (l3·v)·w)
/// and their products. With several pairs, the lines of one step are multiplied two by two first:
/// l·l' has no w¹ term (6 Fp2 multiplications, Karatsuba), and f·(l·l') costs 17 more (a full Fp6
/// product, one by b1·v + b2·v² and one full), 23 in all against 26 for two sparse products.
/// </summary>
internal static class MillerLines
{
    /// <summary>f·Π lines: pairs of lines first, an odd one alone.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp12 MulByLines(in Fp12 f, ReadOnlySpan<Line> lines)
    {
        Fp12 r = f;
        int i = 0;
        for (; i + 1 < lines.Length; i += 2)
        {
            r = MulByLineProduct(r, lines[i], lines[i + 1]);
        }

        if (i < lines.Length)
        {
            r = Fp12.MulByLine(r, lines[i].L0, lines[i].L2, lines[i].L3);
        }

        return r;
    }

    /// <summary>f·(a·b) for two lines.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp12 MulByLineProduct(in Fp12 f, in Line a, in Line b)
    {
        // a·b = g0 + g2·w² + g3·w³ + g4·w⁴ + g5·w⁵ (w⁶ = ξ)
        Fp2 m00 = Fp2.Mul(a.L0, b.L0);
        Fp2 m22 = Fp2.Mul(a.L2, b.L2);
        Fp2 m33 = Fp2.Mul(a.L3, b.L3);
        Fp2 g0 = Fp2.Add(m00, Fp2.MulByXi(m33));
        Fp2 g2 = Fp2.Sub(Fp2.Sub(Fp2.Mul(Fp2.Add(a.L0, a.L2), Fp2.Add(b.L0, b.L2)), m00), m22);
        Fp2 g3 = Fp2.Sub(Fp2.Sub(Fp2.Mul(Fp2.Add(a.L0, a.L3), Fp2.Add(b.L0, b.L3)), m00), m33);
        Fp2 g5 = Fp2.Sub(Fp2.Sub(Fp2.Mul(Fp2.Add(a.L2, a.L3), Fp2.Add(b.L2, b.L3)), m22), m33);
        var b0 = new Fp6(g0, g2, m22);

        // (f0 + f1·w)(b0 + b1·w) with b1 = g3·v + g5·v²
        Fp6 t0 = Fp6.Mul(f.C0, b0);
        Fp6 t1 = MulBy12(f.C1, g3, g5);
        Fp6 c1 = Fp6.Sub(Fp6.Sub(Fp6.Mul(Fp6.Add(f.C0, f.C1), new Fp6(g0, Fp2.Add(g2, g3), Fp2.Add(m22, g5))), t0), t1);
        return new Fp12(Fp6.Add(t0, Fp6.MulByV(t1)), c1);
    }

    /// <summary>a·(b1·v + b2·v²) in Fp6: five Fp2 multiplications.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Fp6 MulBy12(in Fp6 a, in Fp2 b1, in Fp2 b2)
    {
        Fp2 m11 = Fp2.Mul(a.C1, b1);
        Fp2 m22 = Fp2.Mul(a.C2, b2);
        Fp2 mid = Fp2.Sub(Fp2.Sub(Fp2.Mul(Fp2.Add(a.C1, a.C2), Fp2.Add(b1, b2)), m11), m22);
        return new Fp6(Fp2.MulByXi(mid), Fp2.Add(Fp2.Mul(a.C0, b1), Fp2.MulByXi(m22)), Fp2.Add(Fp2.Mul(a.C0, b2), m11));
    }

    /// <summary>A line l0 + l2·w² + l3·w³.</summary>
    internal readonly record struct Line(Fp2 L0, Fp2 L2, Fp2 L3);
}
