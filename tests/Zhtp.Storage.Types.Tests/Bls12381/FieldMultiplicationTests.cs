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
}
