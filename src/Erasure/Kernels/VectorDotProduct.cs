using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Erasure.Kernels;

// Implementation notes
// The shape of ISA-L's gf_Nvect_dot_prod: one pass over the data computes a group of up to four
// outputs. Each step loads every input vector once (two vectors per step, so each table is
// loaded once for two multiplies) and folds it into the group's accumulators, which stay in
// registers until they are stored. The accumulators start at zero, or at the output's current
// bytes when accumulating. Loads and stores are unaligned; raw pointers avoid bounds checks.

/// <summary>The vector multiply-accumulate kernel, generic over the instruction path and group size.</summary>
internal static unsafe class VectorDotProduct
{
    /// <summary>
    /// For each output j of the group, over bytes [<paramref name="start"/>, returned position):
    /// <c>out_j = (accumulate ? out_j : 0) XOR Σ_i coefficients[j·stride + i] · in_i</c>. Stops at the
    /// last whole vector; the caller finishes the remaining (fewer than one vector of) bytes. With
    /// <paramref name="streaming"/> the outputs (which must then be vector-aligned at
    /// <paramref name="start"/>) are written with non-temporal stores.
    /// </summary>
    /// <returns>The position where vector processing stopped.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static nint Run<TOps, TVector, TInput, TTable, TGroup>(
        byte** inputs, int inputCount, byte** outputs, byte* coefficients, int stride, nint start, nint end, bool accumulate, bool streaming)
        where TOps : IGaloisVectorOps<TVector, TInput, TTable>
        where TVector : struct
        where TInput : struct
        where TTable : struct
        where TGroup : IOutputGroup
    {
        nint size = TOps.Size;
        byte* tables = TOps.Tables;
        nint pos = start;
        for (; pos + (2 * size) <= end; pos += 2 * size)
        {
            Step<TOps, TVector, TInput, TTable, TGroup>(inputs, inputCount, outputs, coefficients, stride, tables, pos, accumulate, streaming, wide: true);
        }

        for (; pos + size <= end; pos += size)
        {
            Step<TOps, TVector, TInput, TTable, TGroup>(inputs, inputCount, outputs, coefficients, stride, tables, pos, accumulate, streaming, wide: false);
        }

        return pos;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step<TOps, TVector, TInput, TTable, TGroup>(
        byte** inputs, int inputCount, byte** outputs, byte* coefficients, int stride, byte* tables, nint pos, bool accumulate, bool streaming, bool wide)
        where TOps : IGaloisVectorOps<TVector, TInput, TTable>
        where TVector : struct
        where TInput : struct
        where TTable : struct
        where TGroup : IOutputGroup
    {
        nint size = TOps.Size;
        int count = TGroup.Count;
        TVector a0 = default, b0 = default, a1 = default, b1 = default;
        TVector a2 = default, b2 = default, a3 = default, b3 = default;
        if (accumulate)
        {
            Load<TOps, TVector, TInput, TTable>(outputs[0] + pos, size, wide, ref a0, ref b0);
            if (count > 1)
            {
                Load<TOps, TVector, TInput, TTable>(outputs[1] + pos, size, wide, ref a1, ref b1);
            }

            if (count > 2)
            {
                Load<TOps, TVector, TInput, TTable>(outputs[2] + pos, size, wide, ref a2, ref b2);
            }

            if (count > 3)
            {
                Load<TOps, TVector, TInput, TTable>(outputs[3] + pos, size, wide, ref a3, ref b3);
            }
        }

        byte* c = coefficients;
        for (int i = 0; i < inputCount; i++, c++)
        {
            byte* source = inputs[i] + pos;
            TInput xa = TOps.LoadInput(source);
            TInput xb = wide ? TOps.LoadInput(source + size) : default;
            Fold<TOps, TVector, TInput, TTable>(TOps.LoadTable(tables, c[0]), xa, xb, wide, ref a0, ref b0);
            if (count > 1)
            {
                Fold<TOps, TVector, TInput, TTable>(TOps.LoadTable(tables, c[stride]), xa, xb, wide, ref a1, ref b1);
            }

            if (count > 2)
            {
                Fold<TOps, TVector, TInput, TTable>(TOps.LoadTable(tables, c[2 * stride]), xa, xb, wide, ref a2, ref b2);
            }

            if (count > 3)
            {
                Fold<TOps, TVector, TInput, TTable>(TOps.LoadTable(tables, c[3 * stride]), xa, xb, wide, ref a3, ref b3);
            }
        }

        Store<TOps, TVector, TInput, TTable>(outputs[0] + pos, size, streaming, wide, a0, b0);
        if (count > 1)
        {
            Store<TOps, TVector, TInput, TTable>(outputs[1] + pos, size, streaming, wide, a1, b1);
        }

        if (count > 2)
        {
            Store<TOps, TVector, TInput, TTable>(outputs[2] + pos, size, streaming, wide, a2, b2);
        }

        if (count > 3)
        {
            Store<TOps, TVector, TInput, TTable>(outputs[3] + pos, size, streaming, wide, a3, b3);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fold<TOps, TVector, TInput, TTable>(TTable table, TInput xa, TInput xb, bool wide, ref TVector a, ref TVector b)
        where TOps : IGaloisVectorOps<TVector, TInput, TTable>
        where TVector : struct
        where TInput : struct
        where TTable : struct
    {
        a = TOps.MultiplyAdd(a, xa, table);
        if (wide)
        {
            b = TOps.MultiplyAdd(b, xb, table);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Load<TOps, TVector, TInput, TTable>(byte* destination, nint size, bool wide, ref TVector a, ref TVector b)
        where TOps : IGaloisVectorOps<TVector, TInput, TTable>
        where TVector : struct
        where TInput : struct
        where TTable : struct
    {
        a = TOps.Load(destination);
        if (wide)
        {
            b = TOps.Load(destination + size);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TOps, TVector, TInput, TTable>(byte* destination, nint size, bool streaming, bool wide, TVector a, TVector b)
        where TOps : IGaloisVectorOps<TVector, TInput, TTable>
        where TVector : struct
        where TInput : struct
        where TTable : struct
    {
        if (streaming)
        {
            TOps.StoreNonTemporal(destination, a);
            if (wide)
            {
                TOps.StoreNonTemporal(destination + size, b);
            }
        }
        else
        {
            TOps.Store(destination, a);
            if (wide)
            {
                TOps.Store(destination + size, b);
            }
        }
    }
}
