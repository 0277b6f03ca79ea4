using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Zhtp.Storage.Erasure.Galois;

namespace Zhtp.Storage.Erasure.Kernels;

/// <summary>32-byte multiply with one GF2P8AFFINEQB per constant (GFNI + AVX).</summary>
internal readonly unsafe struct Gfni256Ops : IVector256Width<Vector256<byte>, Vector256<byte>>
{
    /// <inheritdoc />
    public static bool IsSupported => Gfni.V256.IsSupported;

    /// <inheritdoc />
    public static byte* Tables => (byte*)GaloisField.AffineTables;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> LoadInput(byte* source) => Vector256.Load(source);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> LoadTable(byte* tables, byte coefficient) => Vector256.Create(((ulong*)tables)[coefficient]).AsByte();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> MultiplyAdd(Vector256<byte> accumulator, Vector256<byte> input, Vector256<byte> table) =>
        accumulator ^ Gfni.V256.GaloisFieldAffineTransform(input, table, 0);
}
