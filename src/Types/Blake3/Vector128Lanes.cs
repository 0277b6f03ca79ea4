using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Zhtp.Storage.Types.Blake3;

// Implementation notes: four inputs per Vector128 (SSE2 + SSSE3). Rotations by 16 and 8 are byte
// shuffles (pshufb), by 12 and 7 shift-or. The message is loaded 16 bytes per lane at a time and
// transposed 4×4 with unpack instructions so that vector w holds word w of every lane.

/// <summary>Four lanes of 32-bit words in a <see cref="Vector128{T}"/>.</summary>
internal readonly unsafe struct Vector128Lanes : IBlake3Lanes<Vector128<uint>>
{
    /// <inheritdoc />
    public static int Degree => 4;

    /// <inheritdoc />
    public static bool IsSupported => Sse2.IsSupported && Ssse3.IsSupported && BitConverter.IsLittleEndian;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Broadcast(uint value) => Vector128.Create(value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Load(ref uint first) => Vector128.LoadUnsafe(ref first);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Add(Vector128<uint> a, Vector128<uint> b) => a + b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Xor(Vector128<uint> a, Vector128<uint> b) => a ^ b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Ror16(Vector128<uint> a) =>
        Ssse3.Shuffle(a.AsByte(), Vector128.Create((byte)2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13)).AsUInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Ror12(Vector128<uint> a) => (a >>> 12) | (a << 20);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Ror8(Vector128<uint> a) =>
        Ssse3.Shuffle(a.AsByte(), Vector128.Create((byte)1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12)).AsUInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Ror7(Vector128<uint> a) => (a >>> 7) | (a << 25);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadMessage(byte* block, nint stride, ref Vec16<Vector128<uint>> message)
    {
        for (int q = 0; q < 4; q++)
        {
            byte* p = block + (16 * q);
            Transpose4x4(
                Vector128.Load((uint*)p),
                Vector128.Load((uint*)(p + stride)),
                Vector128.Load((uint*)(p + (2 * stride))),
                Vector128.Load((uint*)(p + (3 * stride))),
                ref message[4 * q]);
        }
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreChainingValues(ref Vec16<Vector128<uint>> cv, byte* output)
    {
        // cv[8..15] is free here: the transposed words go there, then to memory.
        Transpose4x4(cv[0], cv[1], cv[2], cv[3], ref cv[8]);
        Transpose4x4(cv[4], cv[5], cv[6], cv[7], ref cv[12]);
        for (int lane = 0; lane < 4; lane++)
        {
            cv[8 + lane].Store((uint*)(output + (32 * lane)));
            cv[12 + lane].Store((uint*)(output + (32 * lane) + 16));
        }
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreOutputBlocks(ref Vec16<Vector128<uint>> words, byte* output)
    {
        for (int q = 0; q < 4; q++)
        {
            Transpose4x4(words[4 * q], words[(4 * q) + 1], words[(4 * q) + 2], words[(4 * q) + 3], ref words[4 * q]);
            for (int lane = 0; lane < 4; lane++)
            {
                words[(4 * q) + lane].Store((uint*)(output + (64 * lane) + (16 * q)));
            }
        }
    }

    /// <summary>Transposes the 4×4 word matrix of rows r0..r3 into four consecutive vectors at <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4x4(Vector128<uint> r0, Vector128<uint> r1, Vector128<uint> r2, Vector128<uint> r3, ref Vector128<uint> destination)
    {
        Vector128<ulong> t0 = Sse2.UnpackLow(r0, r1).AsUInt64();
        Vector128<ulong> t1 = Sse2.UnpackHigh(r0, r1).AsUInt64();
        Vector128<ulong> t2 = Sse2.UnpackLow(r2, r3).AsUInt64();
        Vector128<ulong> t3 = Sse2.UnpackHigh(r2, r3).AsUInt64();
        destination = Sse2.UnpackLow(t0, t2).AsUInt32();
        Unsafe.Add(ref destination, 1) = Sse2.UnpackHigh(t0, t2).AsUInt32();
        Unsafe.Add(ref destination, 2) = Sse2.UnpackLow(t1, t3).AsUInt32();
        Unsafe.Add(ref destination, 3) = Sse2.UnpackHigh(t1, t3).AsUInt32();
    }
}
