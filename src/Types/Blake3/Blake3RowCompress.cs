using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Zhtp.Storage.Types.Blake3;

// Implementation notes: one block compressed with the 4×4 state held as four row vectors, so
// the four column (then diagonal) quarter-rounds run in the lanes of one vector. This is the
// latency-bound case (a single chunk, parents, root output), where lanes across inputs cannot
// help. Diagonalising rotates rows 1, 2 and 3 by one, two and three lanes, which puts
// (v0,v5,v10,v15), (v1,v6,v11,v12), (v2,v7,v8,v13), (v3,v4,v9,v14) in lanes 0..3 — the order of
// the diagonal G calls, so the message words need no reordering beyond the schedule below. Each
// round's message words are picked from the block (two Vector256 halves) with index vectors:
// vpermt2d on AVX-512VL, or two vpermd and a blend on AVX2.

/// <summary>Single-block compression with row vectors (AVX2 or AVX-512VL).</summary>
internal static class Blake3RowCompress
{
    /// <summary>
    /// Per round, 16 message word indices: column x (4), column y (4), diagonal x (4), diagonal y (4).
    /// Round r is the message permutation applied r times.
    /// </summary>
    private static ReadOnlySpan<uint> Schedule =>
    [
        0, 2, 4, 6, 1, 3, 5, 7, 8, 10, 12, 14, 9, 11, 13, 15,
        2, 3, 7, 4, 6, 10, 0, 13, 1, 12, 9, 15, 11, 5, 14, 8,
        3, 10, 13, 7, 4, 12, 2, 14, 6, 9, 11, 8, 5, 0, 15, 1,
        10, 12, 14, 13, 7, 9, 3, 15, 4, 11, 5, 1, 0, 2, 8, 6,
        12, 9, 15, 14, 13, 11, 10, 8, 7, 5, 0, 6, 2, 3, 1, 4,
        9, 11, 8, 15, 14, 5, 12, 1, 13, 0, 2, 4, 3, 10, 6, 7,
        11, 5, 1, 8, 15, 0, 9, 6, 14, 2, 3, 7, 10, 12, 4, 13,
    ];

    /// <summary>
    /// Compresses one block. <paramref name="output"/> receives 16 words: the output chaining
    /// value, then the second half of the extended output.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compress<TRows>(in CvWords cv, ref readonly byte block, uint blockLen, ulong counter, uint flags, ref Vec16<uint> output)
        where TRows : struct, IRowOps
    {
        ref uint cv0 = ref Unsafe.AsRef(in cv[0]);
        Vector128<uint> cvLow = Vector128.LoadUnsafe(ref cv0);
        Vector128<uint> cvHigh = Vector128.LoadUnsafe(ref cv0, 4);
        Vector128<uint> r0 = cvLow;
        Vector128<uint> r1 = cvHigh;
        Vector128<uint> r2 = Vector128.Create(Blake3Constants.IV0, Blake3Constants.IV1, Blake3Constants.IV2, Blake3Constants.IV3);
        Vector128<uint> r3 = Vector128.Create((uint)counter, (uint)(counter >> 32), blockLen, flags);
        Rounds<TRows>(ref r0, ref r1, ref r2, ref r3, in block);
        ref uint o = ref output[0];
        (r0 ^ r2).StoreUnsafe(ref o);
        (r1 ^ r3).StoreUnsafe(ref o, 4);
        (r2 ^ cvLow).StoreUnsafe(ref o, 8);
        (r3 ^ cvHigh).StoreUnsafe(ref o, 12);
    }

    /// <summary>
    /// Compresses <paramref name="count"/> consecutive full blocks of one chunk into
    /// <paramref name="cv"/>, keeping the chaining value in registers between blocks.
    /// <paramref name="firstFlags"/> applies to the first block (it carries CHUNK_START when the
    /// chunk starts there), <paramref name="flags"/> to the others.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CompressBlocks<TRows>(ref CvWords cv, ref readonly byte blocks, int count, ulong counter, uint firstFlags, uint flags)
        where TRows : struct, IRowOps
    {
        ref uint cv0 = ref cv[0];
        Vector128<uint> cvLow = Vector128.LoadUnsafe(ref cv0);
        Vector128<uint> cvHigh = Vector128.LoadUnsafe(ref cv0, 4);
        Vector128<uint> iv = Vector128.Create(Blake3Constants.IV0, Blake3Constants.IV1, Blake3Constants.IV2, Blake3Constants.IV3);
        uint blockFlags = firstFlags;
        for (int b = 0; b < count; b++)
        {
            Vector128<uint> r0 = cvLow;
            Vector128<uint> r1 = cvHigh;
            Vector128<uint> r2 = iv;
            Vector128<uint> r3 = Vector128.Create((uint)counter, (uint)(counter >> 32), Blake3Constants.BlockLen, blockFlags);
            Rounds<TRows>(ref r0, ref r1, ref r2, ref r3, in Unsafe.Add(ref Unsafe.AsRef(in blocks), b * Blake3Constants.BlockLen));
            cvLow = r0 ^ r2;
            cvHigh = r1 ^ r3;
            blockFlags = flags;
        }

        cvLow.StoreUnsafe(ref cv0);
        cvHigh.StoreUnsafe(ref cv0, 4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rounds<TRows>(ref Vector128<uint> r0, ref Vector128<uint> r1, ref Vector128<uint> r2, ref Vector128<uint> r3, ref readonly byte block)
        where TRows : struct, IRowOps
    {
        Vector256<uint> messageLow = Vector256.LoadUnsafe(ref Unsafe.As<byte, uint>(ref Unsafe.AsRef(in block)));
        Vector256<uint> messageHigh = Vector256.LoadUnsafe(ref Unsafe.As<byte, uint>(ref Unsafe.AsRef(in block)), 8);
        ref uint schedule = ref MemoryMarshal.GetReference(Schedule);
        for (int round = 0; round < 7; round++)
        {
            Vector256<uint> columns = TRows.Select(messageLow, messageHigh, Vector256.LoadUnsafe(ref schedule, (nuint)(16 * round)));
            Vector256<uint> diagonals = TRows.Select(messageLow, messageHigh, Vector256.LoadUnsafe(ref schedule, (nuint)((16 * round) + 8)));
            G<TRows>(ref r0, ref r1, ref r2, ref r3, columns.GetLower(), columns.GetUpper());
            r1 = Sse2.Shuffle(r1, 0x39);
            r2 = Sse2.Shuffle(r2, 0x4E);
            r3 = Sse2.Shuffle(r3, 0x93);
            G<TRows>(ref r0, ref r1, ref r2, ref r3, diagonals.GetLower(), diagonals.GetUpper());
            r1 = Sse2.Shuffle(r1, 0x93);
            r2 = Sse2.Shuffle(r2, 0x4E);
            r3 = Sse2.Shuffle(r3, 0x39);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G<TRows>(ref Vector128<uint> a, ref Vector128<uint> b, ref Vector128<uint> c, ref Vector128<uint> d, Vector128<uint> x, Vector128<uint> y)
        where TRows : struct, IRowOps
    {
        a = a + x + b;
        d = Vector128Lanes.Ror16(d ^ a);
        c += d;
        b = TRows.Ror12(b ^ c);
        a = a + y + b;
        d = Vector128Lanes.Ror8(d ^ a);
        c += d;
        b = TRows.Ror7(b ^ c);
    }
}

/// <summary>The instruction-set specific parts of <see cref="Blake3RowCompress"/>.</summary>
internal interface IRowOps
{
    /// <summary>Whether the CPU has the instructions.</summary>
    static abstract bool IsSupported { get; }

    /// <summary>Picks eight of the sixteen message words (indices 0..15 in <paramref name="indices"/>).</summary>
    static abstract Vector256<uint> Select(Vector256<uint> low, Vector256<uint> high, Vector256<uint> indices);

    /// <summary>Rotation right by 12.</summary>
    static abstract Vector128<uint> Ror12(Vector128<uint> a);

    /// <summary>Rotation right by 7.</summary>
    static abstract Vector128<uint> Ror7(Vector128<uint> a);
}

/// <summary>AVX2: two vpermd and a blend per selection; shift-or rotations.</summary>
internal readonly struct Avx2Rows : IRowOps
{
    /// <inheritdoc />
    public static bool IsSupported => Avx2.IsSupported && BitConverter.IsLittleEndian;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Select(Vector256<uint> low, Vector256<uint> high, Vector256<uint> indices)
    {
        Vector256<uint> fromHigh = Avx2.CompareGreaterThan(indices.AsInt32(), Vector256.Create(7)).AsUInt32();
        return Avx2.BlendVariable(Avx2.PermuteVar8x32(low, indices), Avx2.PermuteVar8x32(high, indices), fromHigh);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Ror12(Vector128<uint> a) => Vector128Lanes.Ror12(a);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Ror7(Vector128<uint> a) => Vector128Lanes.Ror7(a);
}

/// <summary>AVX-512VL: one vpermt2d per selection; vprord rotations.</summary>
internal readonly struct Avx512Rows : IRowOps
{
    /// <inheritdoc />
    public static bool IsSupported => Avx512F.VL.IsSupported && BitConverter.IsLittleEndian;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Select(Vector256<uint> low, Vector256<uint> high, Vector256<uint> indices) =>
        Avx512F.VL.PermuteVar8x32x2(low, indices, high);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Ror12(Vector128<uint> a) => Avx512F.VL.RotateRight(a, 12);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Ror7(Vector128<uint> a) => Avx512F.VL.RotateRight(a, 7);
}
