using System.Numerics;
using Zhtp.Storage.Types.Cryptography.Bls12381;

namespace Zhtp.Storage.Types.Tests.Bls12381.Threshold;

/// <summary>The scalar field against BigInteger arithmetic mod r.</summary>
public sealed class FrTests
{
    private static readonly BigInteger R = BlsParameters.R;

    [Fact]
    public void Arithmetic_MatchesBigIntegerModR()
    {
        var random = new Random(16);
        var bytes = new byte[40];
        for (int k = 0; k < 200; k++)
        {
            random.NextBytes(bytes);
            BigInteger a = new BigInteger(bytes, isUnsigned: true) % R;
            random.NextBytes(bytes);
            BigInteger b = new BigInteger(bytes, isUnsigned: true) % R;
            if (k == 0)
            {
                (a, b) = (R - 1, R - 1);
            }

            Fr fa = Fr.FromBigInteger(a), fb = Fr.FromBigInteger(b);
            Assert.Equal(a, fa.ToBigInteger());
            Assert.Equal((a + b) % R, Fr.Add(fa, fb).ToBigInteger());
            Assert.Equal(((a - b) % R + R) % R, Fr.Sub(fa, fb).ToBigInteger());
            Assert.Equal(a * b % R, Fr.Mul(fa, fb).ToBigInteger());
            if (!a.IsZero)
            {
                Assert.Equal(BigInteger.ModPow(a, R - 2, R), Fr.Inverse(fa).ToBigInteger());
                Assert.True(Fr.AreEqual(Fr.One, Fr.Mul(fa, Fr.Inverse(fa))));
            }
        }
    }

    [Fact]
    public void FromBytesWide_ReducesModR()
    {
        var random = new Random(17);
        var wide = new byte[64];
        for (int k = 0; k < 100; k++)
        {
            random.NextBytes(wide);
            if (k == 0)
            {
                Array.Fill(wide, (byte)0xff);
            }

            Assert.Equal(new BigInteger(wide, isUnsigned: true, isBigEndian: true) % R, Fr.FromBytesWide(wide).ToBigInteger());
        }
    }

    [Fact]
    public void TryFromBytes_RejectsRAndAcceptsRMinusOne()
    {
        Assert.False(Fr.TryFromBytes(BlsParameters.RBytes, out _));
        byte[] rMinus1 = BlsParameters.RBytes.ToArray();
        rMinus1[^1]--;
        Assert.True(Fr.TryFromBytes(rMinus1, out Fr max));
        Assert.Equal(R - 1, max.ToBigInteger());
        Assert.Equal(rMinus1, max.ToBytes());
    }
}
