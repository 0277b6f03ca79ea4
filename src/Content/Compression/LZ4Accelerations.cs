using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Zhtp.Storage.Content.Compression;

/// <summary>The copy primitive the block decoder uses for literals and matches.</summary>
internal enum LZ4CopyPath
{
    /// <summary>Pick the best available: <see cref="Vector128"/> when hardware accelerated.</summary>
    Auto,

    /// <summary>Two 8-byte scalar moves per 16 bytes.</summary>
    Scalar,

    /// <summary>One 16-byte <see cref="Vector128{T}"/> move per 16 bytes.</summary>
    Vector128,
}

/// <summary>
/// Selects the copy path of the block decoder. Tests set <see cref="Forced"/> to run every path;
/// production code leaves it at <see cref="LZ4CopyPath.Auto"/>. Read once per block.
/// </summary>
internal static class LZ4Accelerations
{
    /// <summary>The path to force, or <see cref="LZ4CopyPath.Auto"/>.</summary>
    internal static LZ4CopyPath Forced { get; set; }

    /// <summary>The path the decoder uses now.</summary>
    internal static LZ4CopyPath Effective => Forced switch
    {
        LZ4CopyPath.Auto => Vector128.IsHardwareAccelerated ? LZ4CopyPath.Vector128 : LZ4CopyPath.Scalar,
        var forced => forced,
    };
}

/// <summary>A 16-byte copy, specialised per path by the JIT (struct type parameter).</summary>
internal unsafe interface ICopy16
{
    /// <summary>Copies 16 bytes from <paramref name="src"/> to <paramref name="dst"/> (the ranges may not overlap within 16 bytes).</summary>
    static abstract void Copy16(byte* dst, byte* src);
}

/// <summary>16-byte copy with two unaligned 8-byte moves.</summary>
internal readonly unsafe struct ScalarCopy : ICopy16
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy16(byte* dst, byte* src)
    {
        ulong a = Unsafe.ReadUnaligned<ulong>(src);
        ulong b = Unsafe.ReadUnaligned<ulong>(src + 8);
        Unsafe.WriteUnaligned(dst, a);
        Unsafe.WriteUnaligned(dst + 8, b);
    }
}

/// <summary>16-byte copy with one unaligned <see cref="Vector128{T}"/> move.</summary>
internal readonly unsafe struct VectorCopy : ICopy16
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy16(byte* dst, byte* src) =>
        Unsafe.WriteUnaligned(dst, Unsafe.ReadUnaligned<Vector128<byte>>(src));
}
