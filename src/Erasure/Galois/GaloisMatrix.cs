namespace Zhtp.Storage.Erasure.Galois;

// Implementation notes
// The systematic encoding matrix is the k×k identity on top of an m×k Cauchy matrix
// C[i][j] = 1 / (x_i + y_j) with x_i = k + i and y_j = j (all k + m points distinct, which is why
// k + m ≤ 256). Every square submatrix of a Cauchy matrix is non-singular, so any k rows of
// [I; C] form an invertible matrix: a k×k pick of r identity rows and k − r Cauchy rows reduces,
// by expanding along the identity rows, to a (k − r)×(k − r) Cauchy submatrix. This is the same
// generator as ISA-L's gf_gen_cauchy1_matrix, so parity bytes match ISA-L's for equal k, m.

/// <summary>A dense row-major matrix over GF(2^8), small (at most 256 × 256), used off the hot path.</summary>
internal sealed class GaloisMatrix
{
    private readonly byte[] _cells;

    /// <summary>Creates a zero matrix.</summary>
    public GaloisMatrix(int rows, int columns)
    {
        Rows = rows;
        Columns = columns;
        _cells = new byte[rows * columns];
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Columns { get; }

    /// <summary>Cell at (row, column).</summary>
    public byte this[int row, int column]
    {
        get => _cells[(row * Columns) + column];
        set => _cells[(row * Columns) + column] = value;
    }

    /// <summary>The cells of one row.</summary>
    public ReadOnlySpan<byte> Row(int row) => _cells.AsSpan(row * Columns, Columns);

    /// <summary>The n×n identity.</summary>
    public static GaloisMatrix Identity(int n)
    {
        var identity = new GaloisMatrix(n, n);
        for (int i = 0; i < n; i++)
        {
            identity[i, i] = 1;
        }

        return identity;
    }

    /// <summary>The (k + m) × k systematic Cauchy encoding matrix described in the notes above.</summary>
    public static GaloisMatrix SystematicCauchy(int dataShards, int parityShards)
    {
        var matrix = new GaloisMatrix(dataShards + parityShards, dataShards);
        for (int i = 0; i < dataShards; i++)
        {
            matrix[i, i] = 1;
        }

        for (int i = 0; i < parityShards; i++)
        {
            for (int j = 0; j < dataShards; j++)
            {
                matrix[dataShards + i, j] = GaloisField.Inverse((byte)((dataShards + i) ^ j));
            }
        }

        return matrix;
    }

    /// <summary>The matrix made of the given rows of this one, in that order.</summary>
    public GaloisMatrix SelectRows(ReadOnlySpan<int> rows)
    {
        var result = new GaloisMatrix(rows.Length, Columns);
        for (int r = 0; r < rows.Length; r++)
        {
            Row(rows[r]).CopyTo(result._cells.AsSpan(r * Columns, Columns));
        }

        return result;
    }

    /// <summary>Matrix product this × <paramref name="right"/>.</summary>
    public GaloisMatrix Multiply(GaloisMatrix right)
    {
        if (Columns != right.Rows)
        {
            throw new ArgumentException($"Cannot multiply a {Rows}×{Columns} matrix by a {right.Rows}×{right.Columns} one.", nameof(right));
        }

        var result = new GaloisMatrix(Rows, right.Columns);
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < right.Columns; c++)
            {
                byte sum = 0;
                for (int i = 0; i < Columns; i++)
                {
                    sum ^= GaloisField.Mul(this[r, i], right[i, c]);
                }

                result[r, c] = sum;
            }
        }

        return result;
    }

    /// <summary>
    /// The inverse by Gauss-Jordan elimination, or <see langword="null"/> when the matrix is singular.
    /// </summary>
    public GaloisMatrix? Invert()
    {
        if (Rows != Columns)
        {
            throw new InvalidOperationException($"Only square matrices have inverses; this one is {Rows}×{Columns}.");
        }

        var work = (byte[])_cells.Clone();
        var inverse = new GaloisMatrix(Rows, Rows);
        return TryInvert(work, inverse._cells, Rows) ? inverse : null;
    }

    /// <summary>
    /// Inverts the row-major n×n matrix in <paramref name="work"/> (destroyed) into
    /// <paramref name="inverse"/> by Gauss-Jordan elimination; false when it is singular. Allocates nothing.
    /// </summary>
    public static bool TryInvert(Span<byte> work, Span<byte> inverse, int n)
    {
        inverse[..(n * n)].Clear();
        for (int i = 0; i < n; i++)
        {
            inverse[(i * n) + i] = 1;
        }

        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            while (pivot < n && work[(pivot * n) + col] == 0)
            {
                pivot++;
            }

            if (pivot == n)
            {
                return false;
            }

            if (pivot != col)
            {
                SwapRows(work, n, pivot, col);
                SwapRows(inverse, n, pivot, col);
            }

            byte scale = GaloisField.Inverse(work[(col * n) + col]);
            ScaleRow(work.Slice(col * n, n), scale);
            ScaleRow(inverse.Slice(col * n, n), scale);
            for (int r = 0; r < n; r++)
            {
                byte factor = work[(r * n) + col];
                if (r != col && factor != 0)
                {
                    AddScaledRow(work.Slice(r * n, n), work.Slice(col * n, n), factor);
                    AddScaledRow(inverse.Slice(r * n, n), inverse.Slice(col * n, n), factor);
                }
            }
        }

        return true;
    }

    /// <summary><c>target ^= factor · source</c>, element-wise.</summary>
    public static unsafe void AddScaledRow(Span<byte> target, ReadOnlySpan<byte> source, byte factor)
    {
        var products = new ReadOnlySpan<byte>(GaloisField.MulTable + (factor << 8), 256);
        for (int c = 0; c < target.Length; c++)
        {
            target[c] ^= products[source[c]];
        }
    }

    private static void SwapRows(Span<byte> cells, int n, int a, int b)
    {
        Span<byte> rowA = cells.Slice(a * n, n);
        Span<byte> rowB = cells.Slice(b * n, n);
        for (int c = 0; c < n; c++)
        {
            (rowA[c], rowB[c]) = (rowB[c], rowA[c]);
        }
    }

    private static unsafe void ScaleRow(Span<byte> row, byte scale)
    {
        var products = new ReadOnlySpan<byte>(GaloisField.MulTable + (scale << 8), 256);
        for (int c = 0; c < row.Length; c++)
        {
            row[c] = products[row[c]];
        }
    }
}
