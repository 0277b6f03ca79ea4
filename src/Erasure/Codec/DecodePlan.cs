using Zhtp.Storage.Erasure.Galois;

namespace Zhtp.Storage.Erasure.Codec;

/// <summary>
/// How to rebuild the missing shards for one set of present shards: which k shards to read, which
/// shards to write (missing data shards first, then missing parity shards) and the coefficient row
/// of each written shard over the read ones. Immutable once built.
/// </summary>
internal sealed class DecodePlan
{
    private DecodePlan(int[] inputs, int[] outputs, int missingData, byte[] coefficients)
    {
        Inputs = inputs;
        Outputs = outputs;
        MissingData = missingData;
        Coefficients = coefficients;
    }

    /// <summary>The k shard indices read: the first k present ones.</summary>
    public int[] Inputs { get; }

    /// <summary>The missing shard indices, data shards first, ascending within each kind.</summary>
    public int[] Outputs { get; }

    /// <summary>How many of <see cref="Outputs"/> are data shards (they come first).</summary>
    public int MissingData { get; }

    /// <summary>Pinned, row-major <c>Outputs.Length × k</c> coefficients over <see cref="Inputs"/>.</summary>
    public byte[] Coefficients { get; }

    /// <summary>
    /// Builds the plan: inverts the encoding rows of the first k present shards (data rows of the
    /// result give missing data shards) and multiplies parity rows by that inverse (missing parity).
    /// </summary>
    public static DecodePlan Build(GaloisMatrix encoding, ShardMask present)
    {
        int k = encoding.Columns;
        int n = encoding.Rows;
        var inputs = new int[k];
        var missing = new List<int>(n - k);
        int chosen = 0;
        for (int i = 0; i < n; i++)
        {
            if (!present.Contains(i))
            {
                missing.Add(i);
            }
            else if (chosen < k)
            {
                inputs[chosen++] = i;
            }
        }

        GaloisMatrix inverse = encoding.SelectRows(inputs).Invert()
            ?? throw new InvalidOperationException($"The encoding rows {string.Join(',', inputs)} are singular; the Cauchy construction guarantees they are not.");
        int missingData = missing.Count(i => i < k);
        var coefficients = GC.AllocateArray<byte>(missing.Count * k, pinned: true);
        for (int r = 0; r < missing.Count; r++)
        {
            int shard = missing[r];
            ReadOnlySpan<byte> row = shard < k
                ? inverse.Row(shard)
                : encoding.SelectRows([shard]).Multiply(inverse).Row(0);
            row.CopyTo(coefficients.AsSpan(r * k, k));
        }

        return new DecodePlan(inputs, [.. missing], missingData, coefficients);
    }
}
