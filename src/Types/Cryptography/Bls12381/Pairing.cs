using System.Runtime.CompilerServices;
using G1Point = Zhtp.Storage.Types.Cryptography.Bls12381.ProjectivePoint<Zhtp.Storage.Types.Cryptography.Bls12381.Fp, Zhtp.Storage.Types.Cryptography.Bls12381.G1Curve>;
using G2Point = Zhtp.Storage.Types.Cryptography.Bls12381.ProjectivePoint<Zhtp.Storage.Types.Cryptography.Bls12381.Fp2, Zhtp.Storage.Types.Cryptography.Bls12381.G2Curve>;

namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>
/// The optimal ate pairing e: G1 × G2 → GT ⊂ Fp12. The Miller loop runs over the bits of |x| with
/// the twist point T in Jacobian coordinates; each line through T (tangent or chord with Q) is
/// evaluated at P and multiplied in sparsely. Lines are scaled by Fp2 factors (Z powers,
/// denominators) and by w³, all of which the final exponentiation removes. The final
/// exponentiation is f^((p^6 - 1)(p^2 + 1)) followed by the hard part
/// 3(p⁴ - p² + 1)/r = (x - 1)²(x + p)(x² + p² - 1) + 3, so GT values are e(P, Q)³ — a fixed
/// power coprime to r, bilinear and non-degenerate like e itself.
/// </summary>
internal static class Pairing
{
    /// <summary>e(P, Q).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp12 Pair(in G1Point p, in G2Point q) => FinalExponentiation(MillerLoop([(p, q)]));

    /// <summary>Whether Π e(P_i, Q_i) = 1: one shared Miller loop and one final exponentiation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool ProductIsOne(ReadOnlySpan<(G1Point P, G2Point Q)> pairs) => FinalExponentiation(MillerLoop(pairs)).IsOne;

    /// <summary>Π f_{|x|,Q_i}(P_i), conjugated because x is negative; pairs with an identity are skipped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp12 MillerLoop(ReadOnlySpan<(G1Point P, G2Point Q)> pairs)
    {
        int n = 0;
        var ps = new (Fp X, Fp Y)[pairs.Length];
        var qs = new (Fp2 X, Fp2 Y)[pairs.Length];
        foreach ((G1Point p, G2Point q) in pairs)
        {
            if (p.IsIdentity || q.IsIdentity)
            {
                continue;
            }

            ps[n] = p.ToAffine();
            qs[n] = q.ToAffine();
            n++;
        }

        var t = new JacobianTwist[n];
        for (int i = 0; i < n; i++)
        {
            t[i] = new JacobianTwist(qs[i].X, qs[i].Y, Fp2.One);
        }

        Fp12 f = Fp12.One;
        for (int bit = 62; bit >= 0; bit--)
        {
            f = Fp12.Square(f);
            for (int i = 0; i < n; i++)
            {
                f = DoublingStep(ref t[i], ps[i], f);
            }

            if (((BlsParameters.XAbs >> bit) & 1) != 0)
            {
                for (int i = 0; i < n; i++)
                {
                    f = AdditionStep(ref t[i], qs[i], ps[i], f);
                }
            }
        }

        return Fp12.Conjugate(f);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp12 FinalExponentiation(in Fp12 f)
    {
        // easy part: f^(p^6 - 1) = conj(f)/f, then ^(p^2 + 1); the result is in the cyclotomic subgroup
        Fp12 t = Fp12.Mul(Fp12.Conjugate(f), Fp12.Inverse(f));
        t = Fp12.Mul(Fp12.Frobenius(Fp12.Frobenius(t)), t);

        // hard part; in the cyclotomic subgroup the inverse is the conjugate
        Fp12 a = Fp12.Mul(ExpByX(t), Fp12.Conjugate(t));          // t^(x-1)
        a = Fp12.Mul(ExpByX(a), Fp12.Conjugate(a));                // t^((x-1)^2)
        Fp12 b = Fp12.Mul(ExpByX(a), Fp12.Frobenius(a));           // a^(x+p)
        Fp12 c = Fp12.Mul(Fp12.Mul(ExpByX(ExpByX(b)), Fp12.Frobenius(Fp12.Frobenius(b))), Fp12.Conjugate(b)); // b^(x²+p²-1)
        return Fp12.Mul(c, Fp12.Mul(Fp12.Square(t), t));
    }

    /// <summary>f^x for f in the cyclotomic subgroup (x negative: f^|x| conjugated).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Fp12 ExpByX(in Fp12 f)
    {
        Fp12 r = f;
        for (int bit = 62; bit >= 0; bit--)
        {
            r = Fp12.CyclotomicSquare(r);
            if (((BlsParameters.XAbs >> bit) & 1) != 0)
            {
                r = Fp12.Mul(r, f);
            }
        }

        return Fp12.Conjugate(r);
    }


    /// <summary>T ← 2T (dbl-2009-l) and f·l(P), l = (3X³ - 2Y²) - 3X²Z²·xP·w² + 2YZ³·yP·w³.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Fp12 DoublingStep(ref JacobianTwist t, in (Fp X, Fp Y) p, in Fp12 f)
    {
        Fp2 a = Fp2.Square(t.X);
        Fp2 b = Fp2.Square(t.Y);
        Fp2 c = Fp2.Square(b);
        Fp2 zz = Fp2.Square(t.Z);
        Fp2 d = Fp2.Double(Fp2.Sub(Fp2.Sub(Fp2.Square(Fp2.Add(t.X, b)), a), c));
        Fp2 e = Fp2.Add(Fp2.Double(a), a);
        Fp2 l0 = Fp2.Sub(Fp2.Mul(e, t.X), Fp2.Double(b));
        Fp2 l2 = Fp2.Negate(Fp2.MulByFp(Fp2.Mul(e, zz), p.X));
        Fp2 z3 = Fp2.Double(Fp2.Mul(t.Y, t.Z));
        Fp2 l3 = Fp2.MulByFp(Fp2.Mul(z3, zz), p.Y);
        Fp2 x3 = Fp2.Sub(Fp2.Square(e), Fp2.Double(d));
        Fp2 c8 = Fp2.Double(Fp2.Double(Fp2.Double(c)));
        Fp2 y3 = Fp2.Sub(Fp2.Mul(e, Fp2.Sub(d, x3)), c8);
        t = new JacobianTwist(x3, y3, z3);
        return Fp12.MulByLine(f, l0, l2, l3);
    }

    /// <summary>T ← T + Q (madd-2007-bl) and f·l(P), l = (n·xQ - d·yQ) - n·xP·w² + d·yP·w³.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Fp12 AdditionStep(ref JacobianTwist t, in (Fp2 X, Fp2 Y) q, in (Fp X, Fp Y) p, in Fp12 f)
    {
        Fp2 zz = Fp2.Square(t.Z);
        Fp2 u2 = Fp2.Mul(q.X, zz);
        Fp2 s2 = Fp2.Mul(Fp2.Mul(q.Y, t.Z), zz);
        Fp2 h = Fp2.Sub(u2, t.X);
        Fp2 hh = Fp2.Square(h);
        Fp2 i = Fp2.Double(Fp2.Double(hh));
        Fp2 j = Fp2.Mul(h, i);
        Fp2 n = Fp2.Sub(s2, t.Y);
        Fp2 r = Fp2.Double(n);
        Fp2 v = Fp2.Mul(t.X, i);
        Fp2 d = Fp2.Mul(h, t.Z);
        Fp2 l0 = Fp2.Sub(Fp2.Mul(n, q.X), Fp2.Mul(d, q.Y));
        Fp2 l2 = Fp2.Negate(Fp2.MulByFp(n, p.X));
        Fp2 l3 = Fp2.MulByFp(d, p.Y);
        Fp2 x3 = Fp2.Sub(Fp2.Sub(Fp2.Square(r), j), Fp2.Double(v));
        Fp2 y3 = Fp2.Sub(Fp2.Mul(r, Fp2.Sub(v, x3)), Fp2.Double(Fp2.Mul(t.Y, j)));
        Fp2 z3 = Fp2.Sub(Fp2.Sub(Fp2.Square(Fp2.Add(t.Z, h)), zz), hh);
        t = new JacobianTwist(x3, y3, z3);
        return Fp12.MulByLine(f, l0, l2, l3);
    }

    /// <summary>The Miller loop's running point on the twist, x = X/Z², y = Y/Z³.</summary>
    private readonly record struct JacobianTwist(Fp2 X, Fp2 Y, Fp2 Z);
}
