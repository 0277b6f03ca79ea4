using System.Runtime.CompilerServices;
using static Zhtp.Storage.Content.Compression.LZ4Primitives;

namespace Zhtp.Storage.Content.Compression;

// Implementation notes: a safe decoder for the LZ4 Block Format. Every length read from the
// block is checked against the bytes left in the input and the room left in the output before
// any copy, and every offset against the bytes already produced (plus the dictionary), so no
// input can make it read or write outside the given ranges. Speed comes from doing wide copies
// only where an explicit end-of-buffer margin was checked: 16-byte literal copies, 16/8-byte
// match copies, and overlapping matches (offset < 8) expanded to a period d = k*offset >= 8
// before switching to 8-byte moves. Near the end of either buffer it falls back to exact copies.
// It is lenient about the compressor-side parsing restrictions (last 5 literals, last match 12
// bytes from the end): any block whose sequences decode within bounds is accepted.

/// <summary>The safe LZ4 block decompressor.</summary>
internal static unsafe class LZ4BlockDecoder
{
    private const int WideMargin = 32;

    /// <summary>
    /// Decodes the block <c>src[0..srcLength)</c> into <c>dst[0..dstCapacity)</c>. The
    /// <paramref name="prefix"/> bytes before <paramref name="dst"/> are the dictionary (the
    /// previous block of a linked frame); matches may reach into them but never before.
    /// Returns the decoded length. Bytes of <paramref name="dst"/> past the decoded length may be
    /// overwritten. Throws <see cref="LZ4FormatException"/> for a malformed block.
    /// </summary>
    internal static int Decode(byte* src, int srcLength, byte* dst, int dstCapacity, int prefix = 0)
    {
        if (srcLength <= 0)
        {
            LZ4ThrowHelper.EmptyBlock();
        }

        return LZ4Accelerations.Effective == LZ4CopyPath.Vector128
            ? Decode<VectorCopy>(src, src + srcLength, dst, dst + dstCapacity, dst - prefix)
            : Decode<ScalarCopy>(src, src + srcLength, dst, dst + dstCapacity, dst - prefix);
    }

    [SkipLocalsInit]
    private static int Decode<TCopy>(byte* ip, byte* iend, byte* dst, byte* oend, byte* low)
        where TCopy : struct, ICopy16
    {
        byte* op = dst;
        while (true)
        {
            uint token = *ip++;
            nuint length = token >> 4;
            if (length == RunMask)
            {
                length += ReadLength(ref ip, iend);
            }

            nuint inLeft = (nuint)(iend - ip);
            nuint outLeft = (nuint)(oend - op);
            if (length <= 16 && inLeft >= 16 && outLeft >= 16)
            {
                TCopy.Copy16(op, ip);
            }
            else
            {
                CopyLiterals<TCopy>(op, ip, length, inLeft, outLeft, oend);
            }

            ip += length;
            op += length;
            if (ip == iend)
            {
                return (int)(op - dst);
            }

            if (iend - ip < 2)
            {
                LZ4ThrowHelper.TruncatedBlock();
            }

            nuint offset = Unsafe.ReadUnaligned<ushort>(ip);
            ip += 2;
            if (offset == 0 || offset > (nuint)(op - low))
            {
                LZ4ThrowHelper.BadOffset();
            }

            byte* match = op - offset;
            length = token & MlMask;
            if (length == MlMask)
            {
                length += ReadLength(ref ip, iend);
            }

            length += MinMatch;
            outLeft = (nuint)(oend - op);
            if (length > outLeft)
            {
                LZ4ThrowHelper.OutputTooSmall((int)(oend - dst));
            }

            byte* copyEnd = op + length;
            if (outLeft - length >= WideMargin)
            {
                if (offset >= 16)
                {
                    do
                    {
                        TCopy.Copy16(op, match);
                        op += 16;
                        match += 16;
                    }
                    while (op < copyEnd);
                }
                else
                {
                    CopyShortOffset(op, match, copyEnd, offset);
                }
            }
            else
            {
                for (; op < copyEnd; op++, match++)
                {
                    *op = *match;
                }
            }

            op = copyEnd;
            if (ip >= iend)
            {
                LZ4ThrowHelper.TruncatedBlock();
            }
        }
    }

    /// <summary>Reads the 255-run continuation of a saturated length field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint ReadLength(ref byte* ip, byte* iend)
    {
        nuint total = 0;
        uint b;
        do
        {
            if (ip >= iend)
            {
                LZ4ThrowHelper.TruncatedBlock();
            }

            b = *ip++;
            total += b;
        }
        while (b == 255);
        return total;
    }

    /// <summary>Literal copy outside the short fast case: wide when both buffers have margin, exact otherwise.</summary>
    private static void CopyLiterals<TCopy>(byte* op, byte* ip, nuint length, nuint inLeft, nuint outLeft, byte* oend)
        where TCopy : struct, ICopy16
    {
        if (length > inLeft)
        {
            LZ4ThrowHelper.TruncatedBlock();
        }

        if (length > outLeft)
        {
            LZ4ThrowHelper.OutputTooSmall((int)(oend - op));
        }

        if (inLeft - length >= 16 && outLeft - length >= 16)
        {
            byte* end = op + length;
            do
            {
                TCopy.Copy16(op, ip);
                op += 16;
                ip += 16;
            }
            while (op < end);
        }
        else
        {
            Buffer.MemoryCopy(ip, op, length, length);
        }
    }

    /// <summary>
    /// Match copy for offsets 1..15 with at least <see cref="WideMargin"/> bytes of room after
    /// <paramref name="copyEnd"/>. Offsets 8..15 copy 8 bytes at a time; smaller offsets first
    /// lay down one period d = offset * ceil(8 / offset) byte by byte, then copy 8 bytes at a
    /// time from d bytes back.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyShortOffset(byte* op, byte* match, byte* copyEnd, nuint offset)
    {
        if (offset < 8)
        {
            nuint period = offset * ((8 + offset - 1) / offset);
            for (nuint i = 0; i < period; i++)
            {
                op[i] = match[i];
            }

            op += period;
            match = op - period;
        }

        while (op < copyEnd)
        {
            Copy8(op, match);
            op += 8;
            match += 8;
        }
    }
}
