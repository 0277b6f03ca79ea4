using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Zhtp.Storage.Erasure.Galois;

namespace Zhtp.Storage.Erasure.Kernels;

/// <summary>64-byte multiply with one GF2P8AFFINEQB per constant (GFNI + AVX-512).</summary>
internal readonly unsafe struct Gfni512Ops : IVector512Width<Vector512<byte>, Vector512<byte>>
{
    /// <inheritdoc />
    public static bool IsSupported => Gfni.V512.IsSupported;

    /// <inheritdoc />
    public static byte* Tables => (byte*)GaloisField.AffineTables;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> LoadInput(byte* source) => Vector512.Load(source);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> LoadTable(byte* tables, byte coefficient) => Vector512.Create(((ulong*)tables)[coefficient]).AsByte();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<byte> MultiplyAdd(Vector512<byte> accumulator, Vector512<byte> input, Vector512<byte> table) =>
        accumulator ^ Gfni.V512.GaloisFieldAffineTransform(input, table, 0);
}
