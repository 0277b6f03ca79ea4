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
    private const int FastInputMargin = 32;
    private const int FastOutputMargin = 64;

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

    // NoInlining: the public Decode wrapper is tiered (tier 0, instrumented, tier 1); its tier-1
    // version would otherwise inline this loop without profile data, and that copy ran at about
    // 0.75x of this method's own fully optimized code. Whether it replaced this code depended on
    // tiering timing, which made some processes slow (docs/compression.md, "Decoder steadiness").
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static int Decode<TCopy>(byte* ip, byte* iend, byte* dst, byte* oend, byte* low)
        where TCopy : struct, ICopy16
    {
        byte* op = dst;
        // Below these the fast loop has its margins; for short buffers they lie before the start
        // (never wrapping: heap and stack addresses are far above 64), so the loop is not taken.
        byte* ipFastLimit = iend - FastInputMargin;
        byte* opFastLimit = oend - FastOutputMargin;
        nuint token;
        nuint length;
        nuint offset;
        byte* match;

        // Fast loop: taken while 32 input bytes and 64 output bytes remain, so a short literal run
        // (< 15) is one 16-byte copy and a short match (< 19) three 8-byte copies, without checks.
        // It is a loop of its own (the checked path below never comes back: whatever sends it
        // there leaves ip or op past its fast limit), so the limits stay in registers.
        while (ip <= ipFastLimit && op <= opFastLimit)
        {
            token = *ip++;
            length = token >> 4;
            if (length != RunMask)
            {
                TCopy.Copy16(op, ip);
            }
            else
            {
                length += ReadLength(ref ip, iend);
                if (length + FastInputMargin > (nuint)(iend - ip) || length + FastOutputMargin > (nuint)(oend - op))
                {
                    goto SafeLiterals;
                }

                WildCopy16<TCopy>(op, ip, op + length);
            }

            ip += length;
            op += length;
            offset = ReadOffset(ref ip, op, low);
            match = op - offset;
            length = token & MlMask;
            if (length != MlMask)
            {
                length += MinMatch;
                if (offset >= 8)
                {
                    Copy8(op, match);
                    Copy8(op + 8, match + 8);
                    Copy8(op + 16, match + 16);
                }
                else
                {
                    TCopy.CopyOverlapping(op, match, op + length, offset);
                }

                op += length;
                continue;
            }

            length += ReadLength(ref ip, iend) + MinMatch;
            if (length + FastInputMargin > (nuint)(oend - op))
            {
                goto SafeMatch;
            }

            CopyMatch<TCopy>(op, match, op + length, offset);
            op += length;
        }

    // Checked path: near the end of either buffer; every length is checked and copies are exact
    // where the margin is short. Loops on itself until the block ends.
    SafeToken:
        if (ip >= iend)
        {
            LZ4ThrowHelper.TruncatedBlock();
        }

        token = *ip++;
        length = token >> 4;
        if (length == RunMask)
        {
            length += ReadLength(ref ip, iend);
        }

    SafeLiterals:
        CopyLiterals(op, ip, length, (nuint)(iend - ip), (nuint)(oend - op), oend);
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

        offset = ReadOffset(ref ip, op, low);
        match = op - offset;
        length = token & MlMask;
        if (length == MlMask)
        {
            length += ReadLength(ref ip, iend);
        }

        length += MinMatch;

    SafeMatch:
        if (length > (nuint)(oend - op))
        {
            LZ4ThrowHelper.OutputTooSmall((int)(oend - dst));
        }

        if ((nuint)(oend - op) - length >= WideMargin)
        {
            CopyMatch<TCopy>(op, match, op + length, offset);
        }
        else
        {
            for (byte* end = op + length; op < end; op++, match++)
            {
                *op = *match;
            }

            op -= length;
        }

        op += length;
        goto SafeToken;
    }

    /// <summary>Reads a match offset and checks it is 1..(bytes produced + dictionary).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint ReadOffset(ref byte* ip, byte* op, byte* low)
    {
        nuint offset = Unsafe.ReadUnaligned<ushort>(ip);
        ip += 2;
        if (offset - 1 >= (nuint)(op - low))
        {
            LZ4ThrowHelper.BadOffset();
        }

        return offset;
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

    /// <summary>
    /// Literal copy on the checked path (the block's last run, or a run too long for the fast
    /// loop's margins): lengths checked, then one exact memmove. Fully optimized from the first
    /// call, since a whole incompressible block passes through here.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyLiterals(byte* op, byte* ip, nuint length, nuint inLeft, nuint outLeft, byte* oend)
    {
        if (length > inLeft)
        {
            LZ4ThrowHelper.TruncatedBlock();
        }

        if (length > outLeft)
        {
            LZ4ThrowHelper.OutputTooSmall((int)(oend - op));
        }

        Buffer.MemoryCopy(ip, op, length, length);
    }

    /// <summary>Copies 16 bytes at a time until <paramref name="end"/>; may write up to 15 bytes past it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WildCopy16<TCopy>(byte* op, byte* ip, byte* end)
        where TCopy : struct, ICopy16
    {
        do
        {
            TCopy.Copy16(op, ip);
            op += 16;
            ip += 16;
        }
        while (op < end);
    }

    /// <summary>Match copy with at least <see cref="WideMargin"/> bytes of room after <paramref name="end"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyMatch<TCopy>(byte* op, byte* match, byte* end, nuint offset)
        where TCopy : struct, ICopy16
    {
        if (offset >= 16)
        {
            WildCopy16<TCopy>(op, match, end);
        }
        else
        {
            CopyShortOffset<TCopy>(op, match, end, offset);
        }
    }

    /// <summary>
    /// Match copy for offsets 1..15 with at least <see cref="WideMargin"/> bytes of room after
    /// <paramref name="copyEnd"/>: offsets 8..15 copy 8 bytes at a time (each read is of bytes
    /// already written); offsets 1..7 go to the path's overlapping copy.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyShortOffset<TCopy>(byte* op, byte* match, byte* copyEnd, nuint offset)
        where TCopy : struct, ICopy16
    {
        if (offset < 8)
        {
            TCopy.CopyOverlapping(op, match, copyEnd, offset);
            return;
        }

        do
        {
            Copy8(op, match);
            op += 8;
            match += 8;
        }
        while (op < copyEnd);
    }
}
