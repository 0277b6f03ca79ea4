using Zhtp.Storage.Erasure.Galois;

namespace Zhtp.Storage.Erasure.Tests.Galois;

public sealed class GaloisFieldTests
{
    [Fact]
    public void Mul_AllPairs_MatchesBitwiseMultiplication()
    {
        for (int a = 0; a < 256; a++)
        {
            for (int b = 0; b < 256; b++)
            {
                Assert.Equal(GaloisField.MulSlow((byte)a, (byte)b), GaloisField.Mul((byte)a, (byte)b));
            }
        }
    }

    [Fact]
    public void Mul_AllPairs_IsCommutativeWithIdentityAndZero()
    {
        for (int a = 0; a < 256; a++)
        {
            Assert.Equal((byte)a, GaloisField.Mul((byte)a, 1));
            Assert.Equal(0, GaloisField.Mul((byte)a, 0));
            for (int b = 0; b < 256; b++)
            {
                Assert.Equal(GaloisField.Mul((byte)a, (byte)b), GaloisField.Mul((byte)b, (byte)a));
            }
        }
    }

    [Fact]
    public void Mul_AllTriples_IsAssociativeAndDistributesOverAddition()
    {
        for (int a = 0; a < 256; a++)
        {
            for (int b = 0; b < 256; b++)
            {
                byte ab = GaloisField.Mul((byte)a, (byte)b);
                for (int c = 0; c < 256; c++)
                {
                    byte bc = GaloisField.Mul((byte)b, (byte)c);
                    if (GaloisField.Mul(ab, (byte)c) != GaloisField.Mul((byte)a, bc))
                    {
                        Assert.Fail($"({a}·{b})·{c} != {a}·({b}·{c})");
                    }

                    if (GaloisField.Mul((byte)a, (byte)(b ^ c)) != (ab ^ GaloisField.Mul((byte)a, (byte)c)))
                    {
                        Assert.Fail($"{a}·({b}+{c}) != {a}·{b} + {a}·{c}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Inverse_EveryNonZero_MultipliesToOne()
    {
        for (int a = 1; a < 256; a++)
        {
            Assert.Equal(1, GaloisField.Mul((byte)a, GaloisField.Inverse((byte)a)));
        }
    }

    [Fact]
    public void Div_AllPairs_UndoesMul()
    {
        for (int a = 0; a < 256; a++)
        {
            for (int b = 1; b < 256; b++)
            {
                Assert.Equal((byte)a, GaloisField.Div(GaloisField.Mul((byte)a, (byte)b), (byte)b));
            }
        }
    }

    [Fact]
    public void Div_ByZero_Throws()
    {
        Assert.Throws<DivideByZeroException>(() => GaloisField.Div(5, 0));
    }

    [Fact]
    public void Pow_Generator_HasOrder255()
    {
        var seen = new HashSet<byte>();
        for (int i = 0; i < 255; i++)
        {
            Assert.True(seen.Add(GaloisField.Pow(2, i)), $"2^{i} repeats an earlier power");
        }

        Assert.Equal(1, GaloisField.Pow(2, 255));
        Assert.Equal(0, GaloisField.Pow(0, 3));
        Assert.Equal(1, GaloisField.Pow(0, 0));
    }

    [Fact]
    public unsafe void NibbleTables_EveryConstant_SplitProductsIntoNibbles()
    {
        for (int c = 0; c < 256; c++)
        {
            for (int x = 0; x < 256; x++)
            {
                byte expected = GaloisField.Mul((byte)c, (byte)x);
                Assert.Equal(expected, GaloisField.NibbleTables16[(c * 32) + (x & 15)] ^ GaloisField.NibbleTables16[(c * 32) + 16 + (x >> 4)]);
                Assert.Equal(expected, GaloisField.NibbleTables32[(c * 64) + 16 + (x & 15)] ^ GaloisField.NibbleTables32[(c * 64) + 48 + (x >> 4)]);
                Assert.Equal(expected, GaloisField.NibbleTables64[(c * 128) + 48 + (x & 15)] ^ GaloisField.NibbleTables64[(c * 128) + 112 + (x >> 4)]);
            }
        }
    }

    [Fact]
    public unsafe void AffineTables_EveryConstant_ApplyToProducts()
    {
        for (int c = 0; c < 256; c++)
        {
            ulong matrix = GaloisField.AffineTables[c];
            for (int x = 0; x < 256; x++)
            {
                int result = 0;
                for (int bit = 0; bit < 8; bit++)
                {
                    ulong row = (matrix >> ((7 - bit) * 8)) & 0xFF;
                    result |= (System.Numerics.BitOperations.PopCount(row & (ulong)x) & 1) << bit;
                }

                Assert.Equal(GaloisField.Mul((byte)c, (byte)x), result);
            }
        }
    }
}
