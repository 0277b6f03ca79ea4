using System.Numerics;
using Zhtp.Storage.Types.Cryptography.Bls12381;

namespace Zhtp.Storage.Types.Tests.Bls12381;

/// <summary>
/// The Montgomery multiplications on raw limbs against BigInteger, with both high-word strategies
/// (mulx/umulh and the portable 32-bit one that machines without them run), on random values and
/// on the edges 0, 1, 2, p − 2, p − 1 (r − 1 for Fr).
/// </summary>
public sealed class FieldMultiplicationTests
{
    private static readonly Random Rng = new(38101);
    private static readonly BigInteger P = Fp.Modulus;
    private static readonly BigInteger R = BlsParameters.R;

    private static BigInteger RandomBelow(BigInteger bound)
    {
        byte[] b = new byte[bound.GetByteCount(isUnsigned: true) + 8];
        Rng.NextBytes(b);
        return BigInteger.Remainder(new BigInteger(b, isUnsigned: true), bound);
    }

    private static ulong Limb(BigInteger v, int i) => (ulong)((v >> (64 * i)) & ulong.MaxValue);

    private static Fp RawFp(BigInteger v) => new(Limb(v, 0), Limb(v, 1), Limb(v, 2), Limb(v, 3), Limb(v, 4), Limb(v, 5));

    private static BigInteger Raw(in Fp a) =>
        new BigInteger(a.L0) | (new BigInteger(a.L1) << 64) | (new BigInteger(a.L2) << 128) |
        (new BigInteger(a.L3) << 192) | (new BigInteger(a.L4) << 256) | (new BigInteger(a.L5) << 320);

    private static IEnumerable<(BigInteger A, BigInteger B)> Operands(BigInteger modulus, int random)
    {
        BigInteger[] edges = [0, 1, 2, modulus - 2, modulus - 1, (modulus - 1) / 2, BigInteger.Pow(2, 64) - 1];
        foreach (BigInteger x in edges)
        {
            foreach (BigInteger y in edges)
            {
                yield return (x, y);
            }
        }

        for (int i = 0; i < random; i++)
        {
            yield return (RandomBelow(modulus), RandomBelow(modulus));
        }
    }

    [Fact]
    public void HighWord_BothStrategiesMatchBigInteger()
    {
        ulong[] edges = [0, 1, 2, uint.MaxValue, 1UL << 32, ulong.MaxValue - 1, ulong.MaxValue, 1UL << 63];
        var pairs = new List<(ulong, ulong)>();
        foreach (ulong x in edges)
        {
            foreach (ulong y in edges)
            {
                pairs.Add((x, y));
            }
        }

        for (int i = 0; i < 2000; i++)
        {
            pairs.Add(((ulong)Rng.NextInt64() ^ ((ulong)Rng.Next() << 63), (ulong)Rng.NextInt64() ^ ((ulong)Rng.Next() << 63)));
        }

        foreach ((ulong x, ulong y) in pairs)
        {
            ulong expected = (ulong)((new BigInteger(x) * y) >> 64);
            Assert.Equal(expected, PortableWideMultiply.High(x, y));
            Assert.Equal(expected, HardwareWideMultiply.High(x, y));
        }
    }

    [Fact]
    public void FpMontgomeryProduct_BothStrategiesMatchBigInteger()
    {
        BigInteger rInverse = BigInteger.ModPow(BigInteger.Pow(2, 384), P - 2, P);
        foreach ((BigInteger a, BigInteger b) in Operands(P, 500))
        {
            BigInteger expected = a * b * rInverse % P;
            Fp fa = RawFp(a), fb = RawFp(b);
            Assert.Equal(expected, Raw(Fp.MulCore<PortableWideMultiply>(fa, fb)));
            Assert.Equal(expected, Raw(Fp.MulCore<HardwareWideMultiply>(fa, fb)));
            Assert.Equal(expected, Raw(Fp.Mul(fa, fb)));
            Assert.Equal(a * a * rInverse % P, Raw(Fp.Square(fa)));
        }
    }

    [Fact]
    public void FrMontgomeryProduct_BothStrategiesMatchBigInteger()
    {
        foreach ((BigInteger a, BigInteger b) in Operands(R, 500))
        {
            Fr fa = Fr.FromBigInteger(a), fb = Fr.FromBigInteger(b);
            BigInteger expected = a * b % R;
            Assert.Equal(expected, Fr.MulCore<PortableWideMultiply>(fa, fb).ToBigInteger());
            Assert.Equal(expected, Fr.MulCore<HardwareWideMultiply>(fa, fb).ToBigInteger());
        }
    }

    [Fact]
    public void FpWideProductAndReduction_BothStrategiesMatchBigInteger()
    {
        BigInteger rInverse = BigInteger.ModPow(BigInteger.Pow(2, 384), P - 2, P);
        foreach ((BigInteger a, BigInteger b) in Operands(P, 300))
        {
            Fp fa = RawFp(a), fb = RawFp(b);
            FpWide portable = Fp.MulWideCore<PortableWideMultiply>(fa, fb), hardware = Fp.MulWide(fa, fb);
            Assert.Equal(a * b, Wide(portable));
            Assert.Equal(a * b, Wide(hardware));
            Assert.Equal(a * b * rInverse % P, Raw(Fp.MontgomeryReduceCore<PortableWideMultiply>(hardware)));
            Assert.Equal(a * b * rInverse % P, Raw(Fp.MontgomeryReduce(hardware)));
        }

        // the largest input the reduction accepts, p·2^384 − 1, and the largest sum product, (2p − 2)²
        BigInteger[] bounds = [P * BigInteger.Pow(2, 384) - 1, (2 * P - 2) * (2 * P - 2), BigInteger.Pow(2, 384)];
        foreach (BigInteger w in bounds)
        {
            FpWide fw = WideOf(w);
            Assert.Equal(w * rInverse % P, Raw(Fp.MontgomeryReduce(fw)));
            Assert.Equal(w * rInverse % P, Raw(Fp.MontgomeryReduceCore<PortableWideMultiply>(fw)));
        }

        Fp max = RawFp(P - 1);
        Fp sum = Fp.AddUnreduced(max, max);
        Assert.Equal(2 * (P - 1), Raw(sum));
        Assert.Equal((2 * P - 2) * (2 * P - 2), Wide(Fp.MulWide(sum, sum)));
    }

    [Fact]
    public void FpWideSubtraction_IsCongruentAndInRange()
    {
        BigInteger bound = P * BigInteger.Pow(2, 384);
        foreach ((BigInteger a, BigInteger b) in Operands(P, 200))
        {
            BigInteger x = a * b, y = RandomBelow(bound);
            BigInteger d = Wide(FpWide.SubModulusShifted(WideOf(x), WideOf(y)));
            Assert.True(d >= 0 && d < bound);
            Assert.Equal(((x - y) % P + P) % P, d % P);
            BigInteger hi = BigInteger.Max(x, y), lo = BigInteger.Min(x, y);
            Assert.Equal(hi - lo, Wide(FpWide.Sub(WideOf(hi), WideOf(lo))));
        }
    }

    [Fact]
    public void Fp2Product_MatchesBigIntegerOnEdgesAndRandomValues()
    {
        BigInteger[] values = [0, 1, 2, P - 2, P - 1, (P - 1) / 2, RandomBelow(P), RandomBelow(P)];
        var cases = new List<(BigInteger, BigInteger, BigInteger, BigInteger)>();
        foreach (BigInteger x in values)
        {
            foreach (BigInteger y in values)
            {
                cases.Add((x, y, y, x));
                cases.Add((x, y, x, y));
            }
        }

        for (int i = 0; i < 300; i++)
        {
            cases.Add((RandomBelow(P), RandomBelow(P), RandomBelow(P), RandomBelow(P)));
        }

        foreach ((BigInteger a0, BigInteger a1, BigInteger b0, BigInteger b1) in cases)
        {
            var a = new Fp2(Fp.FromBigInteger(a0), Fp.FromBigInteger(a1));
            var b = new Fp2(Fp.FromBigInteger(b0), Fp.FromBigInteger(b1));
            Fp2 product = Fp2.Mul(a, b), square = Fp2.Square(a);
            Assert.Equal((((a0 * b0) - (a1 * b1)) % P + P) % P, product.C0.ToBigInteger());
            Assert.Equal(((a0 * b1) + (a1 * b0)) % P, product.C1.ToBigInteger());
            Assert.Equal((((a0 * a0) - (a1 * a1)) % P + P) % P, square.C0.ToBigInteger());
            Assert.Equal(2 * a0 * a1 % P, square.C1.ToBigInteger());
        }
    }

    [Fact]
    public void WindowedExponentiations_MatchBigInteger()
    {
        foreach ((BigInteger a, _) in Operands(P, 60))
        {
            Fp fa = Fp.FromBigInteger(a);
            Assert.Equal(BigInteger.ModPow(a, P - 2, P), Fp.Inverse(fa).ToBigInteger());
            Assert.Equal(BigInteger.ModPow(a, (P - 3) / 4, P), Fp.PowInverseSqrt(fa).ToBigInteger());
            BigInteger root = BigInteger.ModPow(a, (P + 1) / 4, P);
            Assert.Equal(root * root % P == a, Fp.TrySqrt(fa, out Fp r));
            Assert.Equal(root, r.ToBigInteger());
        }
    }

    [Fact]
    public void Fp2Sqrt_TakesBothBranchesAndRejectsNonSquares()
    {
        int zSquare = 0, zNotSquare = 0, rejected = 0;
        for (int i = 0; i < 120; i++)
        {
            BigInteger x0 = RandomBelow(P), x1 = RandomBelow(P);
            var x = new Fp2(Fp.FromBigInteger(x0), Fp.FromBigInteger(x1));
            Fp2 square = Fp2.Square(x);
            Assert.True(Fp2.TrySqrt(square, out Fp2 root));
            Assert.True(Fp2.AreEqual(Fp2.Square(root), square));

            // which branch ran: z = (a0 + √n)/2 with √n = n^((p+1)/4), a square or not
            BigInteger a0 = square.C0.ToBigInteger(), a1 = square.C1.ToBigInteger();
            BigInteger n = BigInteger.ModPow(((a0 * a0) + (a1 * a1)) % P, (P + 1) / 4, P);
            BigInteger z = (a0 + n) * BigInteger.ModPow(2, P - 2, P) % P;
            if (BigInteger.ModPow(z, (P - 1) / 2, P).IsOne)
            {
                zSquare++;
            }
            else
            {
                zNotSquare++;
            }

            // a non-square: the square times a non-residue of Fp2 (ξ = 1 + u is one)
            Fp2 nonSquare = Fp2.MulByXi(square);
            if (!nonSquare.IsZero)
            {
                Assert.False(Fp2.TrySqrt(nonSquare, out _));
                rejected++;
            }
        }

        Assert.True(zSquare > 10 && zNotSquare > 10, $"branches: z square {zSquare}, not square {zNotSquare}");
        Assert.Equal(120, rejected);
    }

    private static BigInteger Wide(in FpWide w)
    {
        ulong[] limbs = [w.W0, w.W1, w.W2, w.W3, w.W4, w.W5, w.W6, w.W7, w.W8, w.W9, w.W10, w.W11];
        BigInteger v = BigInteger.Zero;
        for (int i = 11; i >= 0; i--)
        {
            v = (v << 64) | limbs[i];
        }

        return v;
    }

    private static FpWide WideOf(BigInteger v) => new(
        Limb(v, 0), Limb(v, 1), Limb(v, 2), Limb(v, 3), Limb(v, 4), Limb(v, 5),
        Limb(v, 6), Limb(v, 7), Limb(v, 8), Limb(v, 9), Limb(v, 10), Limb(v, 11));
}
