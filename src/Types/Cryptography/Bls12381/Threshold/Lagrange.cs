namespace Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;

/// <summary>Lagrange coefficients at x = 0 over Fr for a set of distinct public member indices.</summary>
internal static class Lagrange
{
    /// <summary>λ_i = Π_{j≠i} j / (j − i) for each index i of <paramref name="indices"/> (distinct, ≥ 1).</summary>
    public static Fr[] AtZero(IReadOnlyList<int> indices)
    {
        var result = new Fr[indices.Count];
        for (int a = 0; a < indices.Count; a++)
        {
            Fr numerator = Fr.One, denominator = Fr.One;
            Fr xi = Fr.FromUInt64((ulong)indices[a]);
            for (int b = 0; b < indices.Count; b++)
            {
                if (b == a)
                {
                    continue;
                }

                Fr xj = Fr.FromUInt64((ulong)indices[b]);
                numerator = Fr.Mul(numerator, xj);
                denominator = Fr.Mul(denominator, Fr.Sub(xj, xi));
            }

            result[a] = Fr.Mul(numerator, Fr.Inverse(denominator));
        }

        return result;
    }
}
