using System.Numerics;
using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Content.Compression;

// Implementation notes: constants from the LZ4 Block Format description, "Parsing restrictions":
// the last 5 bytes are always literals (LastLiterals), the last match starts at least 12 bytes
// before the end (MFLimit), matches are at least 4 bytes (MinMatch) and at most 65535 bytes back.
// Multi-byte loads assume a little-endian machine (x86-64, Arm64), checked by LZ4Codec.

/// <summary>Block-format constants and the unaligned memory helpers the encoders and decoder share.</summary>
internal static unsafe class LZ4Primitives
{
    internal const int MinMatch = 4;
    internal const int LastLiterals = 5;
    internal const int MFLimit = 12;
    internal const int MinCompressLength = MFLimit + 1;
    internal const int MaxDistance = 65535;
    internal const int RunMask = 15;
    internal const int MlMask = 15;
    internal const int MaxInputSize = 0x7E000000;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint Read32(byte* p) => Unsafe.ReadUnaligned<uint>(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Read64(byte* p) => Unsafe.ReadUnaligned<ulong>(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Write16(byte* p, ushort v) => Unsafe.WriteUnaligned(p, v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Write32(byte* p, uint v) => Unsafe.WriteUnaligned(p, v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Copy8(byte* dst, byte* src) => Unsafe.WriteUnaligned(dst, Unsafe.ReadUnaligned<ulong>(src));

    /// <summary>Copies 8 bytes at a time from <paramref name="src"/> until <paramref name="dstEnd"/>; may write up to 7 bytes past it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void WildCopy8(byte* dst, byte* src, byte* dstEnd)
    {
        do
        {
            Copy8(dst, src);
            dst += 8;
            src += 8;
        }
        while (dst < dstEnd);
    }

    /// <summary>
    /// Number of equal bytes at <paramref name="pIn"/> and <paramref name="pMatch"/>, stopping at
    /// <paramref name="pInLimit"/> (8 bytes at a time: XOR, then trailing zero count).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static nuint Count(byte* pIn, byte* pMatch, byte* pInLimit)
    {
        byte* start = pIn;
        while (pIn < pInLimit - 7)
        {
            ulong diff = Read64(pMatch) ^ Read64(pIn);
            if (diff != 0)
            {
                return (nuint)(pIn - start) + (nuint)(BitOperations.TrailingZeroCount(diff) >> 3);
            }

            pIn += 8;
            pMatch += 8;
        }

        if (pIn < pInLimit - 3 && Read32(pMatch) == Read32(pIn))
        {
            pIn += 4;
            pMatch += 4;
        }

        if (pIn < pInLimit - 1 && Unsafe.ReadUnaligned<ushort>(pMatch) == Unsafe.ReadUnaligned<ushort>(pIn))
        {
            pIn += 2;
            pMatch += 2;
        }

        if (pIn < pInLimit && *pMatch == *pIn)
        {
            pIn++;
        }

        return (nuint)(pIn - start);
    }

    /// <summary>Writes the 255-run continuation bytes of a length whose 4-bit field was saturated.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static byte* WriteLengthTail(byte* op, nuint remaining)
    {
        for (; remaining >= 255; remaining -= 255)
        {
            *op++ = 255;
        }

        *op++ = (byte)remaining;
        return op;
    }

    /// <summary>Writes a literal run (token high nibble, length bytes, the bytes) and returns the new output position.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static byte* WriteLiterals(byte* token, byte* anchor, nuint litLength)
    {
        byte* op = token + 1;
        if (litLength >= RunMask)
        {
            *token = RunMask << 4;
            op = WriteLengthTail(op, litLength - RunMask);
        }
        else
        {
            *token = (byte)(litLength << 4);
        }

        WildCopy8(op, anchor, op + litLength);
        return op + litLength;
    }

    /// <summary>Writes offset and match length (the token's low nibble) and returns the new output position.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static byte* WriteMatch(byte* op, byte* token, nuint offset, nuint matchCode)
    {
        Write16(op, (ushort)offset);
        op += 2;
        if (matchCode >= MlMask)
        {
            *token += MlMask;
            matchCode -= MlMask;
            Write32(op, 0xFFFFFFFF);
            while (matchCode >= 4 * 255)
            {
                op += 4;
                Write32(op, 0xFFFFFFFF);
                matchCode -= 4 * 255;
            }

            op += matchCode / 255;
            *op++ = (byte)(matchCode % 255);
        }
        else
        {
            *token += (byte)matchCode;
        }

        return op;
    }

    /// <summary>Writes the final literal-only sequence, or returns null if it does not fit before <paramref name="oend"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static byte* WriteLastLiterals(byte* op, byte* oend, byte* anchor, nuint lastRun)
    {
        if ((nuint)(oend - op) < lastRun + 1 + ((lastRun + 255 - RunMask) / 255))
        {
            return null;
        }

        if (lastRun >= RunMask)
        {
            *op = RunMask << 4;
            op = WriteLengthTail(op + 1, lastRun - RunMask);
        }
        else
        {
            *op++ = (byte)(lastRun << 4);
        }

        Buffer.MemoryCopy(anchor, op, lastRun, lastRun);
        return op + lastRun;
    }
}
