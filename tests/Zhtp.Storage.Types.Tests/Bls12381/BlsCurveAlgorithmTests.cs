using System.Numerics;
using Zhtp.Storage.Types.Cryptography.Bls12381;
using G1Point = Zhtp.Storage.Types.Cryptography.Bls12381.ProjectivePoint<Zhtp.Storage.Types.Cryptography.Bls12381.Fp, Zhtp.Storage.Types.Cryptography.Bls12381.G1Curve>;
using G2Point = Zhtp.Storage.Types.Cryptography.Bls12381.ProjectivePoint<Zhtp.Storage.Types.Cryptography.Bls12381.Fp2, Zhtp.Storage.Types.Cryptography.Bls12381.G2Curve>;

namespace Zhtp.Storage.Types.Tests.Bls12381;

/// <summary>
/// The faster algorithms above the field (sliding-window fixed powers, the inversion-free SWU,
/// the homogeneous Miller loop, Jacobian [x]P) against the straightforward ones they replace.
/// </summary>
public sealed class BlsCurveAlgorithmTests
{
    private static readonly Random Rng = new(12381);

    private static BigInteger RandomBelow(BigInteger bound)
    {
        byte[] b = new byte[bound.GetByteCount(isUnsigned: true) + 8];
        Rng.NextBytes(b);
        return BigInteger.Remainder(new BigInteger(b, isUnsigned: true), bound);
    }

    private static Fp RandomFp() => Fp.FromBigInteger(RandomBelow(Fp.Modulus));

    private static Fp2 RandomFp2() => new(RandomFp(), RandomFp());

    private static byte[] Scalar32(BigInteger k)
    {
        byte[] raw = k.ToByteArray(isUnsigned: true, isBigEndian: true);
        byte[] s = new byte[32];
        raw.CopyTo(s, 32 - raw.Length);
        return s;
    }

    private static G2Point RandomG2() => G2Point.MultiplyVartime(G2.Generator, Scalar32(RandomBelow(BlsParameters.R)));

    private static G1Point RandomG1() => G1Point.MultiplyVartime(G1.Generator, Scalar32(RandomBelow(BlsParameters.R)));

    /// <summary>The same point with its coordinates scaled by a random nonzero factor (Z ≠ 1).</summary>
    private static G2Point Rescale(in G2Point p)
    {
        Fp2 k = RandomFp2();
        return new G2Point(Fp2.Mul(p.X, k), Fp2.Mul(p.Y, k), Fp2.Mul(p.Z, k));
    }

    private static G1Point Rescale(in G1Point p)
    {
        Fp k = RandomFp();
        return new G1Point(Fp.Mul(p.X, k), Fp.Mul(p.Y, k), Fp.Mul(p.Z, k));
    }

    [Fact]
    public void FixedPower_EqualsSquareAndMultiply()
    {
        BigInteger p = Fp.Modulus;
        BigInteger[] exponents = [1, 2, 3, 16, 31, 32, 33, 0x1F0, 0b1000010000100001, (p + 1) / 4, (p - 3) / 4, p - 2, RandomBelow(p) + 1];
        foreach (BigInteger e in exponents)
        {
            var power = new FpFixedPower(e);
            for (int i = 0; i < 5; i++)
            {
                Fp a = i == 0 ? Fp.One : RandomFp();
                Assert.True(Fp.AreEqual(Fp.Pow(a, e), power.Pow(a)), $"e = {e}");
            }
        }
    }

    [Fact]
    public void SqrtRatio_RootsSquaresAndRejectsNonSquares()
    {
        int squares = 0, nonSquares = 0;
        for (int i = 0; i < 60; i++)
        {
            Fp2 a = RandomFp2(), b = RandomFp2();
            Fp2 big = Fp2.Mul(a, Fp2.Conjugate(b));
            Fp n = Fp2SqrtRatio.Norm(b);
            Fp normA = Fp2SqrtRatio.Norm(big);
            Fp r = Fp2SqrtRatio.SqrtPower.Pow(normA);
            bool isSquare = Fp2.TrySqrt(Fp2.Mul(a, Fp2.Inverse(b)), out _);
            Assert.Equal(isSquare, Fp.AreEqual(Fp.Square(r), normA));
            if (isSquare)
            {
                squares++;
                Assert.True(Fp2SqrtRatio.TryRoot(big, n, r, out Fp2 y));
                Assert.True(Fp2.AreEqual(Fp2.Mul(Fp2.Square(y), b), a));
            }
            else
            {
                nonSquares++;
            }
        }

        Assert.True(squares > 10 && nonSquares > 10);
    }

    [Fact]
    public void DecompressionSqrt_AgreesWithTheGeneralSquareRoot()
    {
        Fp2[] special = [Fp2.Zero, Fp2.One, Fp2.Negate(Fp2.One), new Fp2(Fp.FromUInt64(4), Fp.Zero), new Fp2(Fp.FromUInt64(5), Fp.Zero), new Fp2(Fp.Zero, Fp.FromUInt64(2))];
        IEnumerable<Fp2> values = special.Concat(Enumerable.Range(0, 40).Select(_ => RandomFp2())).Concat(Enumerable.Range(0, 40).Select(_ => Fp2.Square(RandomFp2())));
        foreach (Fp2 a in values)
        {
            bool expected = Fp2.TrySqrt(a, out _);
            Assert.Equal(expected, Fp2SqrtRatio.TrySqrt(a, out Fp2 root));
            if (expected)
            {
                Assert.True(Fp2.AreEqual(Fp2.Square(root), a), $"a = {a}");
            }

            Fp c = a.C0;
            bool expectedFp = Fp.TrySqrt(c, out _);
            Assert.Equal(expectedFp, Fp2SqrtRatio.TrySqrt(c, out Fp rootFp));
            if (expectedFp)
            {
                Assert.True(Fp.AreEqual(Fp.Square(rootFp), c));
            }
        }
    }

    [Fact]
    public void Compression_OfRescaledPointsRoundTrips()
    {
        for (int i = 0; i < 10; i++)
        {
            G2Point q = Rescale(RandomG2());
            byte[] encoded = G2.Compress(q);
            Assert.True(G2.TryDecompress(encoded, out G2Point back));
            Assert.True(G2Point.AreEqual(q, back));
            (Fp2 x, _) = q.ToAffine();
            byte[] xBytes = new byte[96];
            x.WriteBytes(xBytes);
            xBytes[0] |= (byte)(encoded[0] & 0xE0);
            Assert.Equal(xBytes, encoded);

            G1Point p = Rescale(RandomG1());
            Assert.True(G1.TryDecompress(G1.Compress(p), out G1Point pBack));
            Assert.True(G1Point.AreEqual(p, pBack));
        }
    }

    [Fact]
    public void MapToCurve_EqualsTheRfcFormulation()
    {
        Fp2[] special = [Fp2.Zero, Fp2.One, Fp2.Negate(Fp2.One), new Fp2(Fp.Zero, Fp.One), new Fp2(Fp.FromUInt64(7), Fp.Zero)];
        foreach (Fp2 u in special.Concat(Enumerable.Range(0, 120).Select(_ => RandomFp2())))
        {
            G2Point fast = HashToG2.MapToCurve(u);
            G2Point reference = HashToG2.MapToCurveReference(u);
            Assert.True(fast.IsOnCurve);
            Assert.True(G2Point.AreEqual(fast, reference), $"u = {u}");
        }
    }

    [Fact]
    public void MultiplyByX_EqualsDoubleAndAdd()
    {
        // in G2, off the subgroup (cofactor clearing's input), scaled coordinates and the identity
        G2Point offSubgroup = HashToG2.MapToCurve(RandomFp2());
        G2Point[] points = [G2.Generator, RandomG2(), Rescale(RandomG2()), offSubgroup, Rescale(offSubgroup), G2Point.Identity];
        foreach (G2Point p in points)
        {
            G2Point expected = G2Point.Negate(G2Point.MultiplyVartime(p, BlsParameters.XAbs));
            Assert.True(G2Point.AreEqual(expected, G2.MultiplyByX(p)));
            Assert.Equal(expected.IsIdentity, G2.MultiplyByX(p).IsIdentity);
        }
    }

    [Fact]
    public void LineProduct_EqualsTwoSparseProducts()
    {
        for (int i = 0; i < 20; i++)
        {
            var f = new Fp12(new Fp6(RandomFp2(), RandomFp2(), RandomFp2()), new Fp6(RandomFp2(), RandomFp2(), RandomFp2()));
            var a = new MillerLines.Line(RandomFp2(), RandomFp2(), RandomFp2());
            var b = new MillerLines.Line(RandomFp2(), RandomFp2(), RandomFp2());
            var c = new MillerLines.Line(RandomFp2(), RandomFp2(), RandomFp2());
            Fp12 expected = Fp12.MulByLine(Fp12.MulByLine(f, a.L0, a.L2, a.L3), b.L0, b.L2, b.L3);
            Assert.True(Fp12.AreEqual(expected, MillerLines.MulByLineProduct(f, a, b)));
            Assert.True(Fp12.AreEqual(Fp12.MulByLine(expected, c.L0, c.L2, c.L3), MillerLines.MulByLines(f, [a, b, c])));
        }
    }

    [Fact]
    public void MillerLoop_AgreesWithTheJacobianLoopAfterFinalExponentiation()
    {
        for (int i = 0; i < 4; i++)
        {
            G1Point p1 = RandomG1(), p2 = RandomG1();
            G2Point q1 = RandomG2(), q2 = RandomG2();
            Fp12 expected = Pairing.FinalExponentiation(ReferenceMillerLoop.Loop([(p1, q1), (p2, q2)]));

            // affine and rescaled (Z ≠ 1) inputs of both groups, mixed, give the same value
            Assert.True(Fp12.AreEqual(expected, Pairing.FinalExponentiation(Pairing.MillerLoop([(p1, q1), (p2, q2)]))));
            Assert.True(Fp12.AreEqual(expected, Pairing.FinalExponentiation(Pairing.MillerLoop([(Rescale(p1), Rescale(q1)), (p2, Rescale(q2))]))));
            Assert.True(Fp12.AreEqual(expected, Pairing.FinalExponentiation(Pairing.MillerLoop([(p1, q1), (G1Point.Identity, q1), (Rescale(p2), q2)]))));
        }

        // e(P, Q)·e(−P, Q) = 1 with projective inputs
        G1Point p = Rescale(RandomG1());
        G2Point q = Rescale(RandomG2());
        Assert.True(Pairing.ProductIsOne([(p, q), (G1Point.Negate(p), Rescale(q))]));
        Assert.False(Pairing.ProductIsOne([(p, q), (p, q)]));
    }

    /// <summary>The former Miller loop (twist point in Jacobian coordinates, affine inputs), kept as a reference.</summary>
    private static class ReferenceMillerLoop
    {
        public static Fp12 Loop(ReadOnlySpan<(G1Point P, G2Point Q)> pairs)
        {
            var ps = new (Fp X, Fp Y)[pairs.Length];
            var qs = new (Fp2 X, Fp2 Y)[pairs.Length];
            var t = new (Fp2 X, Fp2 Y, Fp2 Z)[pairs.Length];
            for (int i = 0; i < pairs.Length; i++)
            {
                ps[i] = pairs[i].P.ToAffine();
                qs[i] = pairs[i].Q.ToAffine();
                t[i] = (qs[i].X, qs[i].Y, Fp2.One);
            }

            Fp12 f = Fp12.One;
            for (int bit = 62; bit >= 0; bit--)
            {
                f = Fp12.Square(f);
                for (int i = 0; i < pairs.Length; i++)
                {
                    f = Doubling(ref t[i], ps[i], f);
                }

                if (((BlsParameters.XAbs >> bit) & 1) != 0)
                {
                    for (int i = 0; i < pairs.Length; i++)
                    {
                        f = Addition(ref t[i], qs[i], ps[i], f);
                    }
                }
            }

            return Fp12.Conjugate(f);
        }

        private static Fp12 Doubling(ref (Fp2 X, Fp2 Y, Fp2 Z) t, (Fp X, Fp Y) p, in Fp12 f)
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
            Fp2 y3 = Fp2.Sub(Fp2.Mul(e, Fp2.Sub(d, x3)), Fp2.Double(Fp2.Double(Fp2.Double(c))));
            t = (x3, y3, z3);
            return Fp12.MulByLine(f, l0, l2, l3);
        }

        private static Fp12 Addition(ref (Fp2 X, Fp2 Y, Fp2 Z) t, (Fp2 X, Fp2 Y) q, (Fp X, Fp Y) p, in Fp12 f)
        {
            Fp2 zz = Fp2.Square(t.Z);
            Fp2 h = Fp2.Sub(Fp2.Mul(q.X, zz), t.X);
            Fp2 hh = Fp2.Square(h);
            Fp2 i = Fp2.Double(Fp2.Double(hh));
            Fp2 j = Fp2.Mul(h, i);
            Fp2 n = Fp2.Sub(Fp2.Mul(Fp2.Mul(q.Y, t.Z), zz), t.Y);
            Fp2 r = Fp2.Double(n);
            Fp2 v = Fp2.Mul(t.X, i);
            Fp2 d = Fp2.Mul(h, t.Z);
            Fp2 l0 = Fp2.Sub(Fp2.Mul(n, q.X), Fp2.Mul(d, q.Y));
            Fp2 l2 = Fp2.Negate(Fp2.MulByFp(n, p.X));
            Fp2 l3 = Fp2.MulByFp(d, p.Y);
            Fp2 x3 = Fp2.Sub(Fp2.Sub(Fp2.Square(r), j), Fp2.Double(v));
            Fp2 y3 = Fp2.Sub(Fp2.Mul(r, Fp2.Sub(v, x3)), Fp2.Double(Fp2.Mul(t.Y, j)));
            Fp2 z3 = Fp2.Sub(Fp2.Sub(Fp2.Square(Fp2.Add(t.Z, h)), zz), hh);
            t = (x3, y3, z3);
            return Fp12.MulByLine(f, l0, l2, l3);
        }
    }
}
