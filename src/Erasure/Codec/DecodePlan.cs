using System.Buffers;
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

    /// <summary>Row-major <c>Outputs.Length × k</c> coefficients over <see cref="Inputs"/>.</summary>
    public byte[] Coefficients { get; }

    /// <summary>
    /// Builds the plan: inverts the encoding rows of the first k present shards (data rows of the
    /// result give missing data shards) and multiplies parity rows by that inverse (missing parity).
    /// Allocates only the plan's own arrays (scratch comes from the stack or the array pool).
    /// </summary>
    public static DecodePlan Build(GaloisMatrix encoding, ShardMask present)
    {
        int k = encoding.Columns;
        int n = encoding.Rows;
        int missingCount = 0;
        for (int i = 0; i < n; i++)
        {
            missingCount += present.Contains(i) ? 0 : 1;
        }

        var inputs = new int[k];
        var outputs = new int[missingCount];
        int chosen = 0;
        int missingData = 0;
        int written = 0;
        for (int i = 0; i < n; i++)
        {
            if (!present.Contains(i))
            {
                outputs[written++] = i;
                missingData += i < k ? 1 : 0;
            }
            else if (chosen < k)
            {
                inputs[chosen++] = i;
            }
        }

        var coefficients = new byte[missingCount * k];
        byte[]? rented = null;
        Span<byte> scratch = 2 * k * k <= 2048 ? stackalloc byte[2048] : (rented = ArrayPool<byte>.Shared.Rent(2 * k * k));
        try
        {
            Span<byte> rows = scratch[..(k * k)];
            Span<byte> inverse = scratch.Slice(k * k, k * k);
            for (int r = 0; r < k; r++)
            {
                encoding.Row(inputs[r]).CopyTo(rows.Slice(r * k, k));
            }

            if (!GaloisMatrix.TryInvert(rows, inverse, k))
            {
                throw new InvalidOperationException($"The encoding rows {string.Join(',', inputs)} are singular; the Cauchy construction guarantees they are not.");
            }

            for (int o = 0; o < missingCount; o++)
            {
                int shard = outputs[o];
                Span<byte> row = coefficients.AsSpan(o * k, k);
                if (shard < k)
                {
                    inverse.Slice(shard * k, k).CopyTo(row);
                    continue;
                }

                // Parity row p of the generator times the inverse: Σ_j G[p][j] · inverse row j.
                ReadOnlySpan<byte> parityRow = encoding.Row(shard);
                for (int j = 0; j < k; j++)
                {
                    if (parityRow[j] != 0)
                    {
                        GaloisMatrix.AddScaledRow(row, inverse.Slice(j * k, k), parityRow[j]);
                    }
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        return new DecodePlan(inputs, outputs, missingData, coefficients);
    }
}
