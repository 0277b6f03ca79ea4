using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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

    /// <summary>
    /// Match copy for offsets 1..7 (the match overlaps its own output) from
    /// <paramref name="match"/> = <paramref name="op"/> - <paramref name="offset"/> up to
    /// <paramref name="end"/>; may write up to 32 bytes past <paramref name="end"/>.
    /// </summary>
    static abstract void CopyOverlapping(byte* op, byte* match, byte* end, nuint offset);
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

    /// <summary>
    /// Lays down one period d = offset * ceil(8 / offset) (8..14 bytes) byte by byte, then copies
    /// 8 bytes at a time from d bytes back, which is always already written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CopyOverlapping(byte* op, byte* match, byte* end, nuint offset)
    {
        nuint period = Periods[(int)offset];
        for (nuint i = 0; i < period; i++)
        {
            op[i] = match[i];
        }

        for (byte* p = op + period; p < end; p += 8)
        {
            Unsafe.WriteUnaligned(p, Unsafe.ReadUnaligned<ulong>(p - period));
        }
    }

    private static ReadOnlySpan<byte> Periods => [0, 8, 8, 9, 8, 10, 12, 14];
}

/// <summary>16-byte copy with one unaligned <see cref="Vector128{T}"/> move.</summary>
internal readonly unsafe struct VectorCopy : ICopy16
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy16(byte* dst, byte* src) =>
        Unsafe.WriteUnaligned(dst, Unsafe.ReadUnaligned<Vector128<byte>>(src));

    /// <summary>
    /// With SSSE3: one byte shuffle turns the offset bytes into a 16-byte pattern
    /// (pattern[i] = match[i mod offset]), stored every step = 16 - 16 mod offset bytes, where
    /// the pattern's phase is again zero. Without SSSE3, the scalar copy.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CopyOverlapping(byte* op, byte* match, byte* end, nuint offset)
    {
        if (!Ssse3.IsSupported)
        {
            ScalarCopy.CopyOverlapping(op, match, end, offset);
            return;
        }

        // offset is 1..7 (the caller's contract), so both table reads are in range: read them
        // without the bounds check and the pinning a fixed statement would add to the hot loop.
        ref byte masks = ref MemoryMarshal.GetReference(PatternMasks);
        Vector128<byte> pattern = Ssse3.Shuffle(Unsafe.ReadUnaligned<Vector128<byte>>(match), Unsafe.ReadUnaligned<Vector128<byte>>(ref Unsafe.Add(ref masks, offset * 16)));
        nuint step = Unsafe.Add(ref MemoryMarshal.GetReference(Steps), offset);
        byte* p = op;
        do
        {
            Unsafe.WriteUnaligned(p, pattern);
            p += step;
        }
        while (p < end);
    }

    private static ReadOnlySpan<byte> Steps => [16, 16, 16, 15, 16, 15, 12, 14];

    private static ReadOnlySpan<byte> PatternMasks =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1,
        0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0,
        0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3,
        0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0,
        0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 0, 1, 2, 3,
        0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1,
    ];
}
