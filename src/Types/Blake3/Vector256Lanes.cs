using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Zhtp.Storage.Types.Blake3;

// Implementation notes: eight inputs per Vector256 (AVX2). Rotations by 16 and 8 are byte
// shuffles (vpshufb), by 12 and 7 shift-or. The message is loaded 32 bytes per lane at a time and
// transposed 8×8: 32-bit unpacks, 64-bit unpacks, then 128-bit lane permutes.

/// <summary>Eight lanes of 32-bit words in a <see cref="Vector256{T}"/>.</summary>
internal readonly unsafe struct Vector256Lanes : IBlake3Lanes<Vector256<uint>>
{
    /// <inheritdoc />
    public static int Degree => 8;

    /// <inheritdoc />
    public static bool IsSupported => Avx2.IsSupported && BitConverter.IsLittleEndian;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Broadcast(uint value) => Vector256.Create(value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Load(ref uint first) => Vector256.LoadUnsafe(ref first);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Add(Vector256<uint> a, Vector256<uint> b) => a + b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Xor(Vector256<uint> a, Vector256<uint> b) => a ^ b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Ror16(Vector256<uint> a) =>
        Avx2.Shuffle(a.AsByte(), Vector256.Create((byte)2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13)).AsUInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Ror12(Vector256<uint> a) => (a >>> 12) | (a << 20);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Ror8(Vector256<uint> a) =>
        Avx2.Shuffle(a.AsByte(), Vector256.Create((byte)1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12, 1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12)).AsUInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Ror7(Vector256<uint> a) => (a >>> 7) | (a << 25);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadMessage(byte* block, nint stride, ref Vec16<Vector256<uint>> message)
    {
        Transpose8x8(
            Row(block, stride, 0), Row(block, stride, 1), Row(block, stride, 2), Row(block, stride, 3),
            Row(block, stride, 4), Row(block, stride, 5), Row(block, stride, 6), Row(block, stride, 7),
            ref message[0]);
        Transpose8x8(
            Row(block + 32, stride, 0), Row(block + 32, stride, 1), Row(block + 32, stride, 2), Row(block + 32, stride, 3),
            Row(block + 32, stride, 4), Row(block + 32, stride, 5), Row(block + 32, stride, 6), Row(block + 32, stride, 7),
            ref message[8]);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreChainingValues(ref Vec16<Vector256<uint>> cv, byte* output)
    {
        Transpose8x8(cv[0], cv[1], cv[2], cv[3], cv[4], cv[5], cv[6], cv[7], ref cv[8]);
        for (int lane = 0; lane < 8; lane++)
        {
            cv[8 + lane].Store((uint*)(output + (32 * lane)));
        }
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreOutputBlocks(ref Vec16<Vector256<uint>> words, byte* output)
    {
        Transpose8x8(words[0], words[1], words[2], words[3], words[4], words[5], words[6], words[7], ref words[0]);
        Transpose8x8(words[8], words[9], words[10], words[11], words[12], words[13], words[14], words[15], ref words[8]);
        for (int lane = 0; lane < 8; lane++)
        {
            words[lane].Store((uint*)(output + (64 * lane)));
            words[8 + lane].Store((uint*)(output + (64 * lane) + 32));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Row(byte* block, nint stride, int lane) => Vector256.Load((uint*)(block + (lane * stride)));

    /// <summary>Transposes the 8×8 word matrix of rows r0..r7 into eight consecutive vectors at <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(
        Vector256<uint> r0, Vector256<uint> r1, Vector256<uint> r2, Vector256<uint> r3,
        Vector256<uint> r4, Vector256<uint> r5, Vector256<uint> r6, Vector256<uint> r7,
        ref Vector256<uint> destination)
    {
        // Within each 128-bit half: pairs of words, then quads of words (rows 0..3 and 4..7).
        Vector256<ulong> t0 = Avx2.UnpackLow(r0, r1).AsUInt64();
        Vector256<ulong> t1 = Avx2.UnpackHigh(r0, r1).AsUInt64();
        Vector256<ulong> t2 = Avx2.UnpackLow(r2, r3).AsUInt64();
        Vector256<ulong> t3 = Avx2.UnpackHigh(r2, r3).AsUInt64();
        Vector256<ulong> t4 = Avx2.UnpackLow(r4, r5).AsUInt64();
        Vector256<ulong> t5 = Avx2.UnpackHigh(r4, r5).AsUInt64();
        Vector256<ulong> t6 = Avx2.UnpackLow(r6, r7).AsUInt64();
        Vector256<ulong> t7 = Avx2.UnpackHigh(r6, r7).AsUInt64();
        Vector256<uint> w04a = Avx2.UnpackLow(t0, t2).AsUInt32();
        Vector256<uint> w15a = Avx2.UnpackHigh(t0, t2).AsUInt32();
        Vector256<uint> w26a = Avx2.UnpackLow(t1, t3).AsUInt32();
        Vector256<uint> w37a = Avx2.UnpackHigh(t1, t3).AsUInt32();
        Vector256<uint> w04b = Avx2.UnpackLow(t4, t6).AsUInt32();
        Vector256<uint> w15b = Avx2.UnpackHigh(t4, t6).AsUInt32();
        Vector256<uint> w26b = Avx2.UnpackLow(t5, t7).AsUInt32();
        Vector256<uint> w37b = Avx2.UnpackHigh(t5, t7).AsUInt32();

        // Across halves: low halves give words 0..3, high halves words 4..7.
        destination = Avx2.Permute2x128(w04a, w04b, 0x20);
        Unsafe.Add(ref destination, 1) = Avx2.Permute2x128(w15a, w15b, 0x20);
        Unsafe.Add(ref destination, 2) = Avx2.Permute2x128(w26a, w26b, 0x20);
        Unsafe.Add(ref destination, 3) = Avx2.Permute2x128(w37a, w37b, 0x20);
        Unsafe.Add(ref destination, 4) = Avx2.Permute2x128(w04a, w04b, 0x31);
        Unsafe.Add(ref destination, 5) = Avx2.Permute2x128(w15a, w15b, 0x31);
        Unsafe.Add(ref destination, 6) = Avx2.Permute2x128(w26a, w26b, 0x31);
        Unsafe.Add(ref destination, 7) = Avx2.Permute2x128(w37a, w37b, 0x31);
    }
}
