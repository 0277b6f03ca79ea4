using System.Runtime.CompilerServices;
using G1Point = Zhtp.Storage.Types.Cryptography.Bls12381.ProjectivePoint<Zhtp.Storage.Types.Cryptography.Bls12381.Fp, Zhtp.Storage.Types.Cryptography.Bls12381.G1Curve>;
using G2Point = Zhtp.Storage.Types.Cryptography.Bls12381.ProjectivePoint<Zhtp.Storage.Types.Cryptography.Bls12381.Fp2, Zhtp.Storage.Types.Cryptography.Bls12381.G2Curve>;

namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>
/// The optimal ate pairing e: G1 × G2 → GT ⊂ Fp12. The Miller loop runs over the bits of |x| with
/// the twist point T in homogeneous projective coordinates; each line through T (tangent or chord
/// with Q) is evaluated at P and multiplied in sparsely. Lines are scaled by Fp2 factors (Z powers,
/// denominators), by P's Z (an Fp factor) and by w³, all of which the final exponentiation removes. The final
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

    /// <summary>
    /// Π f_{|x|,Q_i}(P_i), conjugated because x is negative; pairs with an identity are skipped.
    /// Neither point is made affine (no inversion): each line is multiplied by P's Z (an Fp factor),
    /// and a Q whose Z is not 1 (a hash output) is added by the general homogeneous addition with
    /// its line multiplied by Q's Z (an Fp2 factor); decoded points have Z = 1 and take the mixed addition.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp12 MillerLoop(ReadOnlySpan<(G1Point P, G2Point Q)> pairs)
    {
        int n = 0;
        var ps = new LinePoint[pairs.Length];
        var qs = new G2Point[pairs.Length];
        foreach ((G1Point p, G2Point q) in pairs)
        {
            if (p.IsIdentity || q.IsIdentity)
            {
                continue;
            }

            bool affine = Fp.AreEqual(p.Z, Fp.One);
            ps[n] = new LinePoint(Fp.Negate(Fp.Add(Fp.Double(p.X), p.X)), Fp.Negate(p.X), p.Y, p.Z, affine);
            qs[n] = q;
            n++;
        }

        var t = new HomogeneousTwist[n];
        for (int i = 0; i < n; i++)
        {
            t[i] = new HomogeneousTwist(qs[i].X, qs[i].Y, qs[i].Z);
        }

        Fp12 f = Fp12.One;
        var lines = new MillerLines.Line[n];
        for (int bit = 62; bit >= 0; bit--)
        {
            if (bit != 62)
            {
                f = Fp12.Square(f);
            }

            for (int i = 0; i < n; i++)
            {
                lines[i] = DoublingStep(ref t[i], ps[i]);
            }

            f = MillerLines.MulByLines(f, lines);
            if (((BlsParameters.XAbs >> bit) & 1) != 0)
            {
                for (int i = 0; i < n; i++)
                {
                    lines[i] = AdditionStep(ref t[i], qs[i], ps[i]);
                }

                f = MillerLines.MulByLines(f, lines);
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


    /// <summary>
    /// T ← 2T in homogeneous coordinates (Costello–Lange–Naehrig 2010, scaled by 4 so no halving:
    /// X3 = 2XY(Y² − 9b'Z²), Y3 = (Y² + 9b'Z²)² − 108b'²Z⁴, Z3 = 8Y³Z; 3 multiplications and 6
    /// squarings in Fp2) and the tangent l(P) (Aranha et al. 2010) scaled by zP:
    /// l = (Y² − 3b'Z²)·zP − 3X²·xP·w² + 2YZ·yP·w³.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static MillerLines.Line DoublingStep(ref HomogeneousTwist t, in LinePoint p)
    {
        Fp2 b = Fp2.Square(t.Y);
        Fp2 c = Fp2.Square(t.Z);
        Fp2 e = G2Curve.MulByB3(c);
        Fp2 f3 = Fp2.Add(Fp2.Double(e), e);
        Fp2 h = Fp2.Sub(Fp2.Sub(Fp2.Square(Fp2.Add(t.Y, t.Z)), b), c);
        Fp2 j = Fp2.Square(t.X);
        Fp2 xy = Fp2.Mul(t.X, t.Y);
        Fp2 l0 = Fp2.Sub(b, e);
        if (!p.IsAffine)
        {
            l0 = Fp2.MulByFp(l0, p.Z);
        }

        Fp2 l2 = Fp2.MulByFp(j, p.MinusThreeX);
        Fp2 l3 = Fp2.MulByFp(h, p.Y);
        Fp2 x3 = Fp2.Double(Fp2.Mul(xy, Fp2.Sub(b, f3)));
        Fp2 e2 = Fp2.Square(e);
        Fp2 e4 = Fp2.Double(Fp2.Double(e2));
        Fp2 y3 = Fp2.Sub(Fp2.Square(Fp2.Add(b, f3)), Fp2.Add(Fp2.Double(e4), e4));
        Fp2 z3 = Fp2.Double(Fp2.Double(Fp2.Mul(b, h)));
        t = new HomogeneousTwist(x3, y3, z3);
        return new MillerLines.Line(l0, l2, l3);
    }

    /// <summary>
    /// T ← T + Q for affine Q in homogeneous coordinates (Aranha et al. 2010: θ = Y − yQ·Z,
    /// λ = X − xQ·Z; 11 multiplications and 2 squarings in Fp2) and the chord l(P),
    /// l = (θ·xQ − λ·yQ)·zP − θ·xP·w² + λ·yP·w³.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static MillerLines.Line AdditionStep(ref HomogeneousTwist t, in G2Point q, in LinePoint p)
    {
        if (!Fp2.AreEqual(q.Z, Fp2.One))
        {
            return ProjectiveAdditionStep(ref t, q, p);
        }

        Fp2 theta = Fp2.Sub(t.Y, Fp2.Mul(q.Y, t.Z));
        Fp2 lambda = Fp2.Sub(t.X, Fp2.Mul(q.X, t.Z));
        Fp2 c = Fp2.Square(theta);
        Fp2 d = Fp2.Square(lambda);
        Fp2 e = Fp2.Mul(lambda, d);
        Fp2 ff = Fp2.Mul(t.Z, c);
        Fp2 g = Fp2.Mul(t.X, d);
        Fp2 h = Fp2.Sub(Fp2.Add(e, ff), Fp2.Double(g));
        Fp2 x3 = Fp2.Mul(lambda, h);
        Fp2 y3 = Fp2.Sub(Fp2.Mul(theta, Fp2.Sub(g, h)), Fp2.Mul(t.Y, e));
        Fp2 z3 = Fp2.Mul(t.Z, e);
        Fp2 l0 = Fp2.Sub(Fp2.Mul(theta, q.X), Fp2.Mul(lambda, q.Y));
        if (!p.IsAffine)
        {
            l0 = Fp2.MulByFp(l0, p.Z);
        }

        Fp2 l2 = Fp2.MulByFp(theta, p.MinusX);
        Fp2 l3 = Fp2.MulByFp(lambda, p.Y);
        t = new HomogeneousTwist(x3, y3, z3);
        return new MillerLines.Line(l0, l2, l3);
    }

    /// <summary>
    /// T ← T + Q for Q = (Xq : Yq : Zq) with Zq ≠ 1: both points brought to the common Z·Zq
    /// (θ = Y·Zq − Yq·Z, λ = X·Zq − Xq·Z) and the mixed formulas applied (12 multiplications and 2
    /// squarings in Fp2); the chord multiplied by Zq: l = (θ·Xq − λ·Yq)·zP − θ·Zq·xP·w² + λ·Zq·yP·w³.
    /// Three Fp2 products more than the mixed step, and two more for the line, instead of an inversion.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static MillerLines.Line ProjectiveAdditionStep(ref HomogeneousTwist t, in G2Point q, in LinePoint p)
    {
        Fp2 x1 = Fp2.Mul(t.X, q.Z);
        Fp2 y1 = Fp2.Mul(t.Y, q.Z);
        Fp2 w = Fp2.Mul(t.Z, q.Z);
        Fp2 theta = Fp2.Sub(y1, Fp2.Mul(q.Y, t.Z));
        Fp2 lambda = Fp2.Sub(x1, Fp2.Mul(q.X, t.Z));
        Fp2 c = Fp2.Square(theta);
        Fp2 d = Fp2.Square(lambda);
        Fp2 e = Fp2.Mul(lambda, d);
        Fp2 ff = Fp2.Mul(w, c);
        Fp2 g = Fp2.Mul(x1, d);
        Fp2 h = Fp2.Sub(Fp2.Add(e, ff), Fp2.Double(g));
        Fp2 x3 = Fp2.Mul(lambda, h);
        Fp2 y3 = Fp2.Sub(Fp2.Mul(theta, Fp2.Sub(g, h)), Fp2.Mul(y1, e));
        Fp2 z3 = Fp2.Mul(w, e);
        Fp2 l0 = Fp2.Sub(Fp2.Mul(theta, q.X), Fp2.Mul(lambda, q.Y));
        if (!p.IsAffine)
        {
            l0 = Fp2.MulByFp(l0, p.Z);
        }

        Fp2 l2 = Fp2.MulByFp(Fp2.Mul(theta, q.Z), p.MinusX);
        Fp2 l3 = Fp2.MulByFp(Fp2.Mul(lambda, q.Z), p.Y);
        t = new HomogeneousTwist(x3, y3, z3);
        return new MillerLines.Line(l0, l2, l3);
    }

    /// <summary>The Miller loop's running point on the twist, x = X/Z, y = Y/Z.</summary>
    private readonly record struct HomogeneousTwist(Fp2 X, Fp2 Y, Fp2 Z);

    /// <summary>P = (X : Y : Z) as the lines need it: −3X, −X, Y, Z, and whether Z = 1 (then no line is scaled).</summary>
    private readonly record struct LinePoint(Fp MinusThreeX, Fp MinusX, Fp Y, Fp Z, bool IsAffine);
}
