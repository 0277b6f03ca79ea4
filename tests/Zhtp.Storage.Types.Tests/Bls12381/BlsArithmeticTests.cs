using System.Numerics;
using Zhtp.Storage.Types.Cryptography.Bls12381;
using G1Point = Zhtp.Storage.Types.Cryptography.Bls12381.ProjectivePoint<Zhtp.Storage.Types.Cryptography.Bls12381.Fp, Zhtp.Storage.Types.Cryptography.Bls12381.G1Curve>;
using G2Point = Zhtp.Storage.Types.Cryptography.Bls12381.ProjectivePoint<Zhtp.Storage.Types.Cryptography.Bls12381.Fp2, Zhtp.Storage.Types.Cryptography.Bls12381.G2Curve>;

namespace Zhtp.Storage.Types.Tests.Bls12381;

/// <summary>Field, curve and pairing arithmetic of BLS12-381 against BigInteger and the group laws.</summary>
public sealed class BlsArithmeticTests
{
    private static readonly Random Rng = new(381);

    private static BigInteger RandomBelow(BigInteger bound)
    {
        byte[] b = new byte[bound.GetByteCount(isUnsigned: true) + 8];
        Rng.NextBytes(b);
        return BigInteger.Remainder(new BigInteger(b, isUnsigned: true), bound);
    }

    [Fact]
    public void Fp_MatchesBigIntegerArithmetic()
    {
        BigInteger p = Fp.Modulus;
        Assert.Equal(0x89f3fffcfffcfffdUL, Fp.ComputeInv());
        for (int i = 0; i < 200; i++)
        {
            BigInteger a = RandomBelow(p), b = RandomBelow(p);
            if (i == 0)
            {
                a = p - 1;
                b = p - 1;
            }

            Fp fa = Fp.FromBigInteger(a), fb = Fp.FromBigInteger(b);
            Assert.Equal(a, fa.ToBigInteger());
            Assert.Equal((a + b) % p, Fp.Add(fa, fb).ToBigInteger());
            Assert.Equal(((a - b) % p + p) % p, Fp.Sub(fa, fb).ToBigInteger());
            Assert.Equal(a * b % p, Fp.Mul(fa, fb).ToBigInteger());
            if (!a.IsZero)
            {
                Assert.Equal(BigInteger.One, Fp.Mul(fa, Fp.Inverse(fa)).ToBigInteger());
            }

            Fp sq = Fp.Square(fa);
            Assert.True(Fp.TrySqrt(sq, out Fp root));
            Assert.True(Fp.AreEqual(Fp.Square(root), sq));
        }
    }

    [Fact]
    public void Fp_RejectsEncodingsAtOrAboveTheModulus()
    {
        byte[] pBytes = Fp.Modulus.ToByteArray(isUnsigned: true, isBigEndian: true);
        Assert.Equal(48, pBytes.Length);
        Assert.False(Fp.TryFromBytes(pBytes, out _));
        pBytes[^1]--;
        Assert.True(Fp.TryFromBytes(pBytes, out Fp max));
        Assert.Equal(Fp.Modulus - 1, max.ToBigInteger());
    }

    [Fact]
    public void ExtensionFields_InverseAndSqrt()
    {
        for (int i = 0; i < 20; i++)
        {
            var a = new Fp2(Fp.FromBigInteger(RandomBelow(Fp.Modulus)), Fp.FromBigInteger(RandomBelow(Fp.Modulus)));
            Assert.True(Fp2.AreEqual(Fp2.One, Fp2.Mul(a, Fp2.Inverse(a))));
            Assert.True(Fp2.AreEqual(Fp2.Square(a), Fp2.Mul(a, a)));
            Fp2 sq = Fp2.Square(a);
            Assert.True(Fp2.TrySqrt(sq, out Fp2 root));
            Assert.True(Fp2.AreEqual(Fp2.Square(root), sq));
            Fp12 f = RandomFp12();
            Assert.True(Fp12.Mul(f, Fp12.Inverse(f)).IsOne);
            Assert.True(Fp12.AreEqual(Fp12.Square(f), Fp12.Mul(f, f)));
            Assert.True(Fp12.AreEqual(Fp12.Frobenius(f), Fp12.Pow(f, Fp.Modulus)));
        }
    }

    [Fact]
    public void CyclotomicSquare_EqualsSquareInTheCyclotomicSubgroup()
    {
        for (int i = 0; i < 5; i++)
        {
            Fp12 f = RandomFp12();
            Fp12 c = Fp12.Mul(Fp12.Conjugate(f), Fp12.Inverse(f));
            c = Fp12.Mul(Fp12.Frobenius(Fp12.Frobenius(c)), c);
            Assert.True(Fp12.AreEqual(Fp12.Square(c), Fp12.CyclotomicSquare(c)));
        }
    }

    [Fact]
    public void Fp2Sqrt_FindsRootsOfSquaresAndRejectsNonSquares()
    {
        int squares = 0, nonSquares = 0;
        for (int i = 0; i < 40; i++)
        {
            var a = new Fp2(Fp.FromBigInteger(RandomBelow(Fp.Modulus)), i % 5 == 0 ? Fp.Zero : Fp.FromBigInteger(RandomBelow(Fp.Modulus)));
            bool isSquare = Fp2.AreEqual(Fp2.Pow(a, (Fp.Modulus * Fp.Modulus - 1) / 2), Fp2.One);
            Assert.Equal(isSquare, Fp2.TrySqrt(a, out Fp2 root));
            if (isSquare)
            {
                Assert.True(Fp2.AreEqual(Fp2.Square(root), a));
                squares++;
            }
            else
            {
                nonSquares++;
            }
        }

        Assert.True(squares > 0 && nonSquares > 0);
    }

    [Fact]
    public void Generators_AreOnTheCurveAndOfOrderR()
    {
        byte[] r = BlsParameters.RBytes;
        Assert.True(G1.Generator.IsOnCurve);
        Assert.True(G2.Generator.IsOnCurve);
        Assert.True(G1Point.MultiplyVartime(G1.Generator, r).IsIdentity);
        Assert.True(G2Point.MultiplyVartime(G2.Generator, r).IsIdentity);
        Assert.True(G1.IsInSubgroup(G1.Generator));
        Assert.True(G2.IsInSubgroup(G2.Generator));
    }

    [Fact]
    public void ScalarMultiplication_ConstantTimeMatchesVartimeAndTheGroupLaw()
    {
        for (int i = 0; i < 5; i++)
        {
            BigInteger a = RandomBelow(BlsParameters.R), b = RandomBelow(BlsParameters.R);
            G1Point pa = G1Point.MultiplyConstantTime(G1.Generator, Scalar32(a));
            Assert.True(G1Point.AreEqual(pa, G1Point.MultiplyVartime(G1.Generator, Scalar32(a))));
            G1Point pb = G1Point.MultiplyConstantTime(G1.Generator, Scalar32(b));
            G1Point sum = G1Point.MultiplyConstantTime(G1.Generator, Scalar32((a + b) % BlsParameters.R));
            Assert.True(G1Point.AreEqual(sum, G1Point.Add(pa, pb)));
            Assert.True(G1Point.AreEqual(G1Point.Double(pa), G1Point.Add(pa, pa)));
            Assert.True(G1Point.Add(pa, G1Point.Negate(pa)).IsIdentity);
            G2Point qa = G2Point.MultiplyConstantTime(G2.Generator, Scalar32(a));
            G2Point qb = G2Point.MultiplyConstantTime(G2.Generator, Scalar32(b));
            Assert.True(G2Point.AreEqual(G2Point.MultiplyConstantTime(G2.Generator, Scalar32((a + b) % BlsParameters.R)), G2Point.Add(qa, qb)));
            Assert.True(qa.IsOnCurve && G2.IsInSubgroup(qa));
        }
    }

    [Fact]
    public void SubgroupChecks_RejectPointsOutsideTheSubgroup()
    {
        // x = 0 is on E (y = 2) but not in G1; a small-x point of E' is (almost surely) not in G2
        Assert.True(Fp.TrySqrt(Fp.FromUInt64(4), out Fp y));
        G1Point p = G1Point.FromAffine(Fp.Zero, y);
        Assert.True(p.IsOnCurve);
        Assert.False(G1.IsInSubgroup(p));
        for (ulong x = 1; ; x++)
        {
            var fx = new Fp2(Fp.FromUInt64(x), Fp.Zero);
            if (Fp2.TrySqrt(Fp2.Add(Fp2.Mul(Fp2.Square(fx), fx), G2Curve.B), out Fp2 y2))
            {
                G2Point q = G2Point.FromAffine(fx, y2);
                Assert.False(G2.IsInSubgroup(q));
                G2Point cleared = G2.ClearCofactor(q);
                Assert.True(G2.IsInSubgroup(cleared));
                Assert.True(G2Point.MultiplyVartime(cleared, BlsParameters.RBytes).IsIdentity);
                break;
            }
        }
    }

    [Fact]
    public void Pairing_IsBilinearAndNonDegenerate()
    {
        BigInteger a = RandomBelow(BlsParameters.R), b = RandomBelow(BlsParameters.R);
        Fp12 e = Pairing.Pair(G1.Generator, G2.Generator);
        Assert.False(e.IsOne);
        Assert.True(Fp12.Pow(e, BlsParameters.R).IsOne);
        G1Point pa = G1Point.MultiplyVartime(G1.Generator, Scalar32(a));
        G2Point qb = G2Point.MultiplyVartime(G2.Generator, Scalar32(b));
        Fp12 eab = Pairing.Pair(pa, qb);
        Assert.True(Fp12.AreEqual(eab, Fp12.Pow(e, a * b % BlsParameters.R)));
        Assert.True(Pairing.ProductIsOne([(pa, qb), (G1Point.Negate(G1Point.MultiplyVartime(G1.Generator, Scalar32(a * b % BlsParameters.R))), G2.Generator)]));
    }

    internal static byte[] Scalar32(BigInteger k)
    {
        byte[] raw = k.ToByteArray(isUnsigned: true, isBigEndian: true);
        byte[] result = new byte[32];
        raw.CopyTo(result, 32 - raw.Length);
        return result;
    }

    private static Fp12 RandomFp12()
    {
        Fp2 R() => new(Fp.FromBigInteger(RandomBelow(Fp.Modulus)), Fp.FromBigInteger(RandomBelow(Fp.Modulus)));
        return new Fp12(new Fp6(R(), R(), R()), new Fp6(R(), R(), R()));
    }
}
