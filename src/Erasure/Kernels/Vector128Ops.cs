using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using Zhtp.Storage.Erasure.Galois;

namespace Zhtp.Storage.Erasure.Kernels;

/// <summary>16-byte nibble-table multiply: PSHUFB on x86 (SSSE3), TBL on Arm64.</summary>
internal readonly unsafe struct Vector128Ops : IVector128Width<NibblePair<Vector128<byte>>, NibblePair<Vector128<byte>>>
{
    /// <inheritdoc />
    public static bool IsSupported => Ssse3.IsSupported || AdvSimd.Arm64.IsSupported;

    /// <inheritdoc />
    public static byte* Tables => GaloisField.NibbleTables16;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static NibblePair<Vector128<byte>> LoadInput(byte* source)
    {
        var x = Vector128.Load(source);
        var mask = Vector128.Create((byte)0x0F);
        return new(x & mask, Vector128.ShiftRightLogical(x.AsUInt16(), 4).AsByte() & mask);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static NibblePair<Vector128<byte>> LoadTable(byte* tables, byte coefficient)
    {
        byte* table = tables + (coefficient * 32);
        return new(Vector128.Load(table), Vector128.Load(table + 16));
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> MultiplyAdd(Vector128<byte> accumulator, NibblePair<Vector128<byte>> input, NibblePair<Vector128<byte>> table)
    {
        if (Ssse3.IsSupported)
        {
            return accumulator ^ Ssse3.Shuffle(table.Low, input.Low) ^ Ssse3.Shuffle(table.High, input.High);
        }

        return accumulator ^ AdvSimd.Arm64.VectorTableLookup(table.Low, input.Low) ^ AdvSimd.Arm64.VectorTableLookup(table.High, input.High);
    }
}
