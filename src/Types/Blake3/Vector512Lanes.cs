using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Zhtp.Storage.Types.Blake3;

// Implementation notes: sixteen inputs per Vector512 (AVX-512F). Every rotation is one vprord.
// The message is loaded 64 bytes per lane and transposed 16×16: 32-bit and 64-bit unpacks inside
// each 128-bit block, then a 4×4 transpose of 128-bit blocks with two rounds of vshufi32x4.

/// <summary>Sixteen lanes of 32-bit words in a <see cref="Vector512{T}"/>.</summary>
internal readonly unsafe struct Vector512Lanes : IBlake3Lanes<Vector512<uint>>
{
    /// <inheritdoc />
    public static int Degree => 16;

    /// <inheritdoc />
    public static bool IsSupported => Avx512F.IsSupported && BitConverter.IsLittleEndian;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Broadcast(uint value) => Vector512.Create(value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Load(ref uint first) => Vector512.LoadUnsafe(ref first);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Add(Vector512<uint> a, Vector512<uint> b) => a + b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Xor(Vector512<uint> a, Vector512<uint> b) => a ^ b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Ror16(Vector512<uint> a) => Avx512F.RotateRight(a, 16);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Ror12(Vector512<uint> a) => Avx512F.RotateRight(a, 12);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Ror8(Vector512<uint> a) => Avx512F.RotateRight(a, 8);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Ror7(Vector512<uint> a) => Avx512F.RotateRight(a, 7);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadMessage(byte* block, nint stride, ref Vec16<Vector512<uint>> message)
    {
        Interleave4(Row(block, stride, 0), Row(block, stride, 1), Row(block, stride, 2), Row(block, stride, 3), out Vector512<uint> u0, out Vector512<uint> u1, out Vector512<uint> u2, out Vector512<uint> u3);
        Interleave4(Row(block, stride, 4), Row(block, stride, 5), Row(block, stride, 6), Row(block, stride, 7), out Vector512<uint> u4, out Vector512<uint> u5, out Vector512<uint> u6, out Vector512<uint> u7);
        Interleave4(Row(block, stride, 8), Row(block, stride, 9), Row(block, stride, 10), Row(block, stride, 11), out Vector512<uint> u8, out Vector512<uint> u9, out Vector512<uint> u10, out Vector512<uint> u11);
        Interleave4(Row(block, stride, 12), Row(block, stride, 13), Row(block, stride, 14), Row(block, stride, 15), out Vector512<uint> u12, out Vector512<uint> u13, out Vector512<uint> u14, out Vector512<uint> u15);
        TransposeBlocks(u0, u4, u8, u12, out message[0], out message[4], out message[8], out message[12]);
        TransposeBlocks(u1, u5, u9, u13, out message[1], out message[5], out message[9], out message[13]);
        TransposeBlocks(u2, u6, u10, u14, out message[2], out message[6], out message[10], out message[14]);
        TransposeBlocks(u3, u7, u11, u15, out message[3], out message[7], out message[11], out message[15]);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreChainingValues(ref Vec16<Vector512<uint>> cv, byte* output)
    {
        // Only rows 0..7 exist (a chaining value is 8 words); rows 8..15 of the 16×16 transpose are zero.
        Interleave4(cv[0], cv[1], cv[2], cv[3], out Vector512<uint> u0, out Vector512<uint> u1, out Vector512<uint> u2, out Vector512<uint> u3);
        Interleave4(cv[4], cv[5], cv[6], cv[7], out Vector512<uint> u4, out Vector512<uint> u5, out Vector512<uint> u6, out Vector512<uint> u7);
        StoreLanes(u0, u4, output, 0);
        StoreLanes(u1, u5, output, 1);
        StoreLanes(u2, u6, output, 2);
        StoreLanes(u3, u7, output, 3);

        static void StoreLanes(Vector512<uint> low, Vector512<uint> high, byte* output, int k)
        {
            TransposeBlocks(low, high, Vector512<uint>.Zero, Vector512<uint>.Zero, out Vector512<uint> w0, out Vector512<uint> w1, out Vector512<uint> w2, out Vector512<uint> w3);
            w0.GetLower().Store((uint*)(output + (32 * k)));
            w1.GetLower().Store((uint*)(output + (32 * (4 + k))));
            w2.GetLower().Store((uint*)(output + (32 * (8 + k))));
            w3.GetLower().Store((uint*)(output + (32 * (12 + k))));
        }
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreOutputBlocks(ref Vec16<Vector512<uint>> words, byte* output)
    {
        Interleave4(words[0], words[1], words[2], words[3], out Vector512<uint> u0, out Vector512<uint> u1, out Vector512<uint> u2, out Vector512<uint> u3);
        Interleave4(words[4], words[5], words[6], words[7], out Vector512<uint> u4, out Vector512<uint> u5, out Vector512<uint> u6, out Vector512<uint> u7);
        Interleave4(words[8], words[9], words[10], words[11], out Vector512<uint> u8, out Vector512<uint> u9, out Vector512<uint> u10, out Vector512<uint> u11);
        Interleave4(words[12], words[13], words[14], words[15], out Vector512<uint> u12, out Vector512<uint> u13, out Vector512<uint> u14, out Vector512<uint> u15);
        StoreLanes(u0, u4, u8, u12, output, 0);
        StoreLanes(u1, u5, u9, u13, output, 1);
        StoreLanes(u2, u6, u10, u14, output, 2);
        StoreLanes(u3, u7, u11, u15, output, 3);

        static void StoreLanes(Vector512<uint> g0, Vector512<uint> g1, Vector512<uint> g2, Vector512<uint> g3, byte* output, int k)
        {
            TransposeBlocks(g0, g1, g2, g3, out Vector512<uint> l0, out Vector512<uint> l1, out Vector512<uint> l2, out Vector512<uint> l3);
            l0.Store((uint*)(output + (64 * k)));
            l1.Store((uint*)(output + (64 * (4 + k))));
            l2.Store((uint*)(output + (64 * (8 + k))));
            l3.Store((uint*)(output + (64 * (12 + k))));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Row(byte* block, nint stride, int lane) => Vector512.Load((uint*)(block + (lane * stride)));

    /// <summary>
    /// Step 1 of the 16×16 transpose, on four rows r0..r3: in each 128-bit block L, output k holds
    /// word 4L+k of r0, r1, r2, r3.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Interleave4(
        Vector512<uint> r0, Vector512<uint> r1, Vector512<uint> r2, Vector512<uint> r3,
        out Vector512<uint> k0, out Vector512<uint> k1, out Vector512<uint> k2, out Vector512<uint> k3)
    {
        Vector512<ulong> t0 = Avx512F.UnpackLow(r0, r1).AsUInt64();
        Vector512<ulong> t1 = Avx512F.UnpackHigh(r0, r1).AsUInt64();
        Vector512<ulong> t2 = Avx512F.UnpackLow(r2, r3).AsUInt64();
        Vector512<ulong> t3 = Avx512F.UnpackHigh(r2, r3).AsUInt64();
        k0 = Avx512F.UnpackLow(t0, t2).AsUInt32();
        k1 = Avx512F.UnpackHigh(t0, t2).AsUInt32();
        k2 = Avx512F.UnpackLow(t1, t3).AsUInt32();
        k3 = Avx512F.UnpackHigh(t1, t3).AsUInt32();
    }

    /// <summary>Step 2: a 4×4 transpose of 128-bit blocks (block L of input g becomes block g of output L).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransposeBlocks(
        Vector512<uint> g0, Vector512<uint> g1, Vector512<uint> g2, Vector512<uint> g3,
        out Vector512<uint> l0, out Vector512<uint> l1, out Vector512<uint> l2, out Vector512<uint> l3)
    {
        Vector512<uint> x0 = Avx512F.Shuffle4x128(g0, g1, 0x44);
        Vector512<uint> x1 = Avx512F.Shuffle4x128(g0, g1, 0xEE);
        Vector512<uint> x2 = Avx512F.Shuffle4x128(g2, g3, 0x44);
        Vector512<uint> x3 = Avx512F.Shuffle4x128(g2, g3, 0xEE);
        l0 = Avx512F.Shuffle4x128(x0, x2, 0x88);
        l1 = Avx512F.Shuffle4x128(x0, x2, 0xDD);
        l2 = Avx512F.Shuffle4x128(x1, x3, 0x88);
        l3 = Avx512F.Shuffle4x128(x1, x3, 0xDD);
    }
}
