using Zhtp.Storage.Erasure.Galois;

namespace Zhtp.Storage.Erasure.Tests.Galois;

public sealed class GaloisMatrixTests
{
    [Fact]
    public void Invert_RandomNonSingular_ProductIsIdentity()
    {
        var random = new Random(1234);
        int inverted = 0;
        for (int trial = 0; trial < 200; trial++)
        {
            int n = random.Next(1, 20);
            var matrix = new GaloisMatrix(n, n);
            for (int r = 0; r < n; r++)
            {
                for (int c = 0; c < n; c++)
                {
                    matrix[r, c] = (byte)random.Next(256);
                }
            }

            var inverse = matrix.Invert();
            if (inverse is null)
            {
                continue;
            }

            inverted++;
            AssertIdentity(matrix.Multiply(inverse));
            AssertIdentity(inverse.Multiply(matrix));
        }

        Assert.True(inverted > 150, $"only {inverted} of 200 random matrices were invertible");
    }

    [Fact]
    public void Invert_DuplicateRows_ReturnsNull()
    {
        var matrix = new GaloisMatrix(3, 3);
        byte[] row = [3, 7, 9];
        for (int r = 0; r < 3; r++)
        {
            for (int c = 0; c < 3; c++)
            {
                matrix[r, c] = r == 2 ? row[c] : (byte)((r * 3) + c + 1);
            }
        }

        for (int c = 0; c < 3; c++)
        {
            matrix[1, c] = row[c];
        }

        Assert.Null(matrix.Invert());
    }

    [Fact]
    public void SystematicCauchy_4x2_TopIsIdentityAndBottomIsCauchy()
    {
        var matrix = GaloisMatrix.SystematicCauchy(4, 2);
        for (int r = 0; r < 4; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                Assert.Equal(r == c ? 1 : 0, matrix[r, c]);
            }
        }

        for (int r = 4; r < 6; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                Assert.Equal(1, GaloisField.Mul(matrix[r, c], (byte)(r ^ c)));
            }
        }
    }

    private static void AssertIdentity(GaloisMatrix product)
    {
        for (int r = 0; r < product.Rows; r++)
        {
            for (int c = 0; c < product.Columns; c++)
            {
                Assert.Equal(r == c ? 1 : 0, product[r, c]);
            }
        }
    }
}
