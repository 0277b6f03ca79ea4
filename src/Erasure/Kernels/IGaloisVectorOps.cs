namespace Zhtp.Storage.Erasure.Kernels;

/// <summary>
/// One instruction path of the multiply-accumulate kernel, as static members so that
/// <see cref="VectorDotProduct"/> is specialized (and fully inlined) per path by the JIT.
/// </summary>
/// <typeparam name="TVector">The vector register type.</typeparam>
/// <typeparam name="TInput">A loaded input vector, prepared for multiplication (e.g. split in nibbles).</typeparam>
/// <typeparam name="TTable">The per-constant multiplication table held in registers.</typeparam>
internal unsafe interface IGaloisVectorOps<TVector, TInput, TTable>
    where TVector : struct
    where TInput : struct
    where TTable : struct
{
    /// <summary>Whether the current CPU runs this path.</summary>
    static abstract bool IsSupported { get; }

    /// <summary>Bytes per vector.</summary>
    static abstract int Size { get; }

    /// <summary>Loads (unaligned) and prepares one input vector.</summary>
    static abstract TInput LoadInput(byte* source);

    /// <summary>Loads (unaligned) one vector as it is, to accumulate into.</summary>
    static abstract TVector Load(byte* source);

    /// <summary>Stores (unaligned) one vector.</summary>
    static abstract void Store(byte* destination, TVector value);

    /// <summary>The base of this path's per-constant tables (pinned); read once per kernel call.</summary>
    static abstract byte* Tables { get; }

    /// <summary>Stores one vector to a <see cref="Size"/>-aligned address, bypassing the caches.</summary>
    static abstract void StoreNonTemporal(byte* destination, TVector value);

    /// <summary>Loads the multiplication table of <paramref name="coefficient"/> from <paramref name="tables"/>.</summary>
    static abstract TTable LoadTable(byte* tables, byte coefficient);

    /// <summary>Returns <paramref name="accumulator"/> XOR (table's constant · <paramref name="input"/>).</summary>
    static abstract TVector MultiplyAdd(TVector accumulator, TInput input, TTable table);
}
