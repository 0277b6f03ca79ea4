using System.Runtime.CompilerServices;
using G2Point = Zhtp.Storage.Types.Cryptography.Bls12381.ProjectivePoint<Zhtp.Storage.Types.Cryptography.Bls12381.Fp2, Zhtp.Storage.Types.Cryptography.Bls12381.G2Curve>;

namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>
/// [|x|]P on the twist E' in Jacobian coordinates (x = X/Z², y = Y/Z³), for public points only:
/// cofactor clearing of hash outputs and the G2 subgroup check. A doubling is dbl-2009-l
/// (2 multiplications and 5 squarings in Fp2, against 6 and 2 of the complete projective
/// doubling); the five additions (|x| has six set bits) are add-2007-bl with the exceptional
/// cases (an operand the identity, equal or opposite points) handled by branches, which is why
/// this must never see a secret.
/// </summary>
internal static class G2Jacobian
{
    /// <summary>[|x|]P, returned in homogeneous projective coordinates.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static G2Point MultiplyByXAbs(in G2Point p)
    {
        if (p.IsIdentity)
        {
            return G2Point.Identity;
        }

        // homogeneous (X : Y : Z) is Jacobian (XZ : YZ² : Z)
        Fp2 zz = Fp2.Square(p.Z);
        var q = new Point(Fp2.Mul(p.X, p.Z), Fp2.Mul(p.Y, zz), p.Z);
        Point r = q;
        for (int bit = 62; bit >= 0; bit--)
        {
            r = Double(r);
            if (((BlsParameters.XAbs >> bit) & 1) != 0)
            {
                r = Add(r, q);
            }
        }

        // Jacobian (X : Y : Z) is homogeneous (XZ : Y : Z³)
        return r.Z.IsZero ? G2Point.Identity : new G2Point(Fp2.Mul(r.X, r.Z), r.Y, Fp2.Mul(Fp2.Square(r.Z), r.Z));
    }

    /// <summary>dbl-2009-l (a = 0); the identity (Z = 0) doubles to Z = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Point Double(in Point p)
    {
        Fp2 a = Fp2.Square(p.X);
        Fp2 b = Fp2.Square(p.Y);
        Fp2 c = Fp2.Square(b);
        Fp2 d = Fp2.Double(Fp2.Sub(Fp2.Sub(Fp2.Square(Fp2.Add(p.X, b)), a), c));
        Fp2 e = Fp2.Add(Fp2.Double(a), a);
        Fp2 x3 = Fp2.Sub(Fp2.Square(e), Fp2.Double(d));
        Fp2 c8 = Fp2.Double(Fp2.Double(Fp2.Double(c)));
        Fp2 y3 = Fp2.Sub(Fp2.Mul(e, Fp2.Sub(d, x3)), c8);
        Fp2 z3 = Fp2.Double(Fp2.Mul(p.Y, p.Z));
        return new Point(x3, y3, z3);
    }

    /// <summary>add-2007-bl, with the identity, P + P and P + (−P) handled separately.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Point Add(in Point p, in Point q)
    {
        if (p.Z.IsZero)
        {
            return q;
        }

        if (q.Z.IsZero)
        {
            return p;
        }

        Fp2 z1z1 = Fp2.Square(p.Z);
        Fp2 z2z2 = Fp2.Square(q.Z);
        Fp2 u1 = Fp2.Mul(p.X, z2z2);
        Fp2 u2 = Fp2.Mul(q.X, z1z1);
        Fp2 s1 = Fp2.Mul(Fp2.Mul(p.Y, q.Z), z2z2);
        Fp2 s2 = Fp2.Mul(Fp2.Mul(q.Y, p.Z), z1z1);
        Fp2 h = Fp2.Sub(u2, u1);
        Fp2 rr = Fp2.Double(Fp2.Sub(s2, s1));
        if (h.IsZero)
        {
            return rr.IsZero ? Double(p) : new Point(Fp2.One, Fp2.One, Fp2.Zero);
        }

        Fp2 i = Fp2.Square(Fp2.Double(h));
        Fp2 j = Fp2.Mul(h, i);
        Fp2 v = Fp2.Mul(u1, i);
        Fp2 x3 = Fp2.Sub(Fp2.Sub(Fp2.Square(rr), j), Fp2.Double(v));
        Fp2 y3 = Fp2.Sub(Fp2.Mul(rr, Fp2.Sub(v, x3)), Fp2.Double(Fp2.Mul(s1, j)));
        Fp2 z3 = Fp2.Mul(Fp2.Sub(Fp2.Sub(Fp2.Square(Fp2.Add(p.Z, q.Z)), z1z1), z2z2), h);
        return new Point(x3, y3, z3);
    }

    private readonly record struct Point(Fp2 X, Fp2 Y, Fp2 Z);
}
