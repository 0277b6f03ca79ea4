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

        int n = Rows;
        var work = new GaloisMatrix(n, n);
        _cells.CopyTo(work._cells, 0);
        var inverse = Identity(n);
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            while (pivot < n && work[pivot, col] == 0)
            {
                pivot++;
            }

            if (pivot == n)
            {
                return null;
            }

            if (pivot != col)
            {
                work.SwapRows(pivot, col);
                inverse.SwapRows(pivot, col);
            }

            byte scale = GaloisField.Inverse(work[col, col]);
            work.ScaleRow(col, scale);
            inverse.ScaleRow(col, scale);
            for (int r = 0; r < n; r++)
            {
                byte factor = work[r, col];
                if (r != col && factor != 0)
                {
                    work.AddScaledRow(r, col, factor);
                    inverse.AddScaledRow(r, col, factor);
                }
            }
        }

        return inverse;
    }

    private void SwapRows(int a, int b)
    {
        for (int c = 0; c < Columns; c++)
        {
            (this[a, c], this[b, c]) = (this[b, c], this[a, c]);
        }
    }

    private void ScaleRow(int row, byte scale)
    {
        for (int c = 0; c < Columns; c++)
        {
            this[row, c] = GaloisField.Mul(this[row, c], scale);
        }
    }

    private void AddScaledRow(int target, int source, byte factor)
    {
        for (int c = 0; c < Columns; c++)
        {
            this[target, c] ^= GaloisField.Mul(this[source, c], factor);
        }
    }
}
