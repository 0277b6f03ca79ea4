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
        for (int lane = 0; lane < 16; lane++)
        {
            message[lane] = Vector512.Load((uint*)(block + (lane * stride)));
        }

        Transpose16x16(ref message);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreChainingValues(ref Vec16<Vector512<uint>> cv, byte* output)
    {
        for (int i = 8; i < 16; i++)
        {
            cv[i] = Vector512<uint>.Zero;
        }

        Transpose16x16(ref cv);
        for (int lane = 0; lane < 16; lane++)
        {
            cv[lane].GetLower().Store((uint*)(output + (32 * lane)));
        }
    }

    /// <summary>Transposes the 16×16 word matrix in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose16x16(ref Vec16<Vector512<uint>> rows)
    {
        // Step 1: for each group g of four rows, u[4g+k] holds, in 128-bit block L, word 4L+k of rows 4g..4g+3.
        Vec16<Vector512<uint>> u = default;
        for (int g = 0; g < 4; g++)
        {
            Vector512<ulong> t0 = Avx512F.UnpackLow(rows[4 * g], rows[(4 * g) + 1]).AsUInt64();
            Vector512<ulong> t1 = Avx512F.UnpackHigh(rows[4 * g], rows[(4 * g) + 1]).AsUInt64();
            Vector512<ulong> t2 = Avx512F.UnpackLow(rows[(4 * g) + 2], rows[(4 * g) + 3]).AsUInt64();
            Vector512<ulong> t3 = Avx512F.UnpackHigh(rows[(4 * g) + 2], rows[(4 * g) + 3]).AsUInt64();
            u[4 * g] = Avx512F.UnpackLow(t0, t2).AsUInt32();
            u[(4 * g) + 1] = Avx512F.UnpackHigh(t0, t2).AsUInt32();
            u[(4 * g) + 2] = Avx512F.UnpackLow(t1, t3).AsUInt32();
            u[(4 * g) + 3] = Avx512F.UnpackHigh(t1, t3).AsUInt32();
        }

        // Step 2: for each k, a 4×4 transpose of 128-bit blocks: block L of u[4g+k] becomes block g of row 4L+k.
        for (int k = 0; k < 4; k++)
        {
            Vector512<uint> x0 = Avx512F.Shuffle4x128(u[k], u[4 + k], 0x44);
            Vector512<uint> x1 = Avx512F.Shuffle4x128(u[k], u[4 + k], 0xEE);
            Vector512<uint> x2 = Avx512F.Shuffle4x128(u[8 + k], u[12 + k], 0x44);
            Vector512<uint> x3 = Avx512F.Shuffle4x128(u[8 + k], u[12 + k], 0xEE);
            rows[k] = Avx512F.Shuffle4x128(x0, x2, 0x88);
            rows[4 + k] = Avx512F.Shuffle4x128(x0, x2, 0xDD);
            rows[8 + k] = Avx512F.Shuffle4x128(x1, x3, 0x88);
            rows[12 + k] = Avx512F.Shuffle4x128(x1, x3, 0xDD);
        }
    }
}
