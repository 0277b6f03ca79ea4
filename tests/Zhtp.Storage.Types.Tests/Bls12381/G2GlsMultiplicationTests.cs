using System.Numerics;
using Zhtp.Storage.Types.Cryptography.Bls12381;
using G2Point = Zhtp.Storage.Types.Cryptography.Bls12381.ProjectivePoint<Zhtp.Storage.Types.Cryptography.Bls12381.Fp2, Zhtp.Storage.Types.Cryptography.Bls12381.G2Curve>;

namespace Zhtp.Storage.Types.Tests.Bls12381;

/// <summary>The GLS (ψ-decomposed) constant-time G2 multiplication used for signing, against the plain fixed window.</summary>
public sealed class G2GlsMultiplicationTests
{
    private static readonly Random Rng = new(16);
    private static readonly BigInteger U = BlsParameters.XAbs;
    private static readonly BigInteger Max256 = (BigInteger.One << 256) - 1;

    private static BigInteger RandomBelow(BigInteger bound)
    {
        byte[] b = new byte[40];
        Rng.NextBytes(b);
        return BigInteger.Remainder(new BigInteger(b, isUnsigned: true), bound);
    }

    private static byte[] Scalar32(BigInteger k)
    {
        byte[] raw = k.ToByteArray(isUnsigned: true, isBigEndian: true);
        byte[] out32 = new byte[32];
        raw.CopyTo(out32, 32 - raw.Length);
        return out32;
    }

    private static BigInteger FromDigits(ulong d0, ulong d1, ulong d2, ulong d3) =>
        d0 + (d1 * U) + (d2 * U * U) + (d3 * U * U * U);

    /// <summary>Edge scalars: 0, 1, r - 1, r, the largest 256-bit value, powers of u and digits at 0 or u - 1.</summary>
    private static IEnumerable<BigInteger> EdgeScalars()
    {
        BigInteger r = BlsParameters.R;
        ulong top = BlsParameters.XAbs - 1;
        return
        [
            BigInteger.Zero, BigInteger.One, r - 1, r, r + 1, Max256, U - 1, U, U * U, U * U * U, (U * U * U * U) - 1,
            FromDigits(top, top, top, top), FromDigits(top, 0, top, 0), FromDigits(0, top, 0, top), FromDigits(0, 0, 0, 1),
            FromDigits(top, 0, 0, 0), FromDigits(0, 0, 0, top), FromDigits(1, 1, 1, 1),
        ];
    }

    [Fact]
    public void Decompose_GivesBaseUDigitsThatRecombineToK()
    {
        IEnumerable<BigInteger> scalars = EdgeScalars()
            .Concat(Enumerable.Range(0, 200).Select(_ => RandomBelow(BlsParameters.R)))
            .Concat(Enumerable.Range(0, 200).Select(_ => RandomBelow(Max256 + 1)));
        Span<ulong> digits = stackalloc ulong[5];
        foreach (BigInteger k in scalars)
        {
            G2GlsMultiplication.Decompose(Scalar32(k), digits);
            for (int i = 0; i < 3; i++)
            {
                Assert.True(digits[i] < BlsParameters.XAbs, $"digit {i} of {k:X} is not below u");
            }

            Assert.True(digits[4] <= 1, $"d3 of {k:X} has more than 65 bits");
            BigInteger d3 = digits[3] + ((BigInteger)digits[4] << 64);
            BigInteger recombined = digits[0] + (digits[1] * U) + (digits[2] * U * U) + (d3 * U * U * U);
            Assert.Equal(k, recombined);
        }
    }

    [Fact]
    public void Multiply_MatchesTheFixedWindowOnRandomAndEdgeScalars()
    {
        G2Point h = HashToG2.Hash("gls test point"u8, Bls.SignatureDstBytes);
        G2Point[] bases = [G2.Generator, h];
        IEnumerable<BigInteger> scalars = EdgeScalars()
            .Concat(Enumerable.Range(0, 12).Select(_ => RandomBelow(BlsParameters.R)))
            .Concat(Enumerable.Range(0, 4).Select(_ => RandomBelow(Max256 + 1)));
        foreach (BigInteger k in scalars)
        {
            byte[] k32 = Scalar32(k);
            foreach (G2Point p in bases)
            {
                G2Point expected = G2Point.MultiplyConstantTime(p, k32);
                G2Point actual = G2GlsMultiplication.MultiplyConstantTime(p, k32);
                Assert.True(G2Point.AreEqual(expected, actual), $"[k]P differs for k = {k:X}");
                Assert.True(actual.IsOnCurve);
            }
        }

        Assert.True(G2GlsMultiplication.MultiplyConstantTime(h, Scalar32(BlsParameters.R)).IsIdentity);
        Assert.True(G2GlsMultiplication.MultiplyConstantTime(h, Scalar32(BigInteger.Zero)).IsIdentity);
        Assert.True(G2Point.AreEqual(G2GlsMultiplication.MultiplyConstantTime(h, Scalar32(BlsParameters.R - 1)), G2Point.Negate(h)));
    }

    [Fact]
    public void Multiply_RejectsScalarsThatAreNot32Bytes() =>
        Assert.Throws<ArgumentException>(() => G2GlsMultiplication.MultiplyConstantTime(G2.Generator, new byte[31]));
}
