using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Zhtp.Storage.Erasure.Galois;

namespace Zhtp.Storage.Erasure.Kernels;

/// <summary>32-byte nibble-table multiply with VPSHUFB (AVX2).</summary>
internal readonly unsafe struct Vector256Ops : IVector256Width<NibblePair<Vector256<byte>>, NibblePair<Vector256<byte>>>
{
    /// <inheritdoc />
    public static bool IsSupported => Avx2.IsSupported;

    /// <inheritdoc />
    public static byte* Tables => GaloisField.NibbleTables32;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static NibblePair<Vector256<byte>> LoadInput(byte* source)
    {
        var x = Vector256.Load(source);
        var mask = Vector256.Create((byte)0x0F);
        return new(x & mask, Avx2.ShiftRightLogical(x.AsUInt16(), 4).AsByte() & mask);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static NibblePair<Vector256<byte>> LoadTable(byte* tables, byte coefficient)
    {
        byte* table = tables + (coefficient * 64);
        return new(Vector256.Load(table), Vector256.Load(table + 32));
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> MultiplyAdd(Vector256<byte> accumulator, NibblePair<Vector256<byte>> input, NibblePair<Vector256<byte>> table) =>
        accumulator ^ Avx2.Shuffle(table.Low, input.Low) ^ Avx2.Shuffle(table.High, input.High);
}
