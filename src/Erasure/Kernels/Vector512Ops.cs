using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Zhtp.Storage.Erasure.Galois;

namespace Zhtp.Storage.Erasure.Kernels;

/// <summary>64-byte nibble-table multiply with VPSHUFB (AVX-512BW).</summary>
internal readonly unsafe struct Vector512Ops : IVector512Width<NibblePair<Vector512<byte>>, NibblePair<Vector512<byte>>>
{
    /// <inheritdoc />
    public static bool IsSupported => Avx512BW.IsSupported;

    /// <inheritdoc />
    public static byte* Tables => GaloisField.NibbleTables64;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static NibblePair<Vector512<byte>> LoadInput(byte* source)
    {
        var x = Vector512.Load(source);
        var mask = Vector512.Create((byte)0x0F);
        return new(x & mask, Avx512BW.ShiftRightLogical(x.AsUInt16(), 4).AsByte() & mask);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static NibblePair<Vector512<byte>> LoadTable(byte* tables, byte coefficient)
    {
        byte* table = tables + (coefficient * 128);
        return new(Vector512.Load(table), Vector512.Load(table + 64));
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> MultiplyAdd(Vector512<byte> accumulator, NibblePair<Vector512<byte>> input, NibblePair<Vector512<byte>> table) =>
        accumulator ^ Avx512BW.Shuffle(table.Low, input.Low) ^ Avx512BW.Shuffle(table.High, input.High);
}
