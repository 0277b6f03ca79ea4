using System.Runtime.CompilerServices;
using static Zhtp.Storage.Content.Compression.LZ4Primitives;

namespace Zhtp.Storage.Content.Compression;

// Implementation notes: the greedy single-probe LZ77 parser of the reference LZ4 fast level.
// One table slot per hash of the next 4 (small inputs) or 5 bytes; a miss advances by
// step = attempts++ >> 6 (acceleration 1), so incompressible data is skipped quickly; after a
// match the positions ip-2 and ip are inserted and ip is tried at once (a repeat-offset-free
// "immediate next match"). Parsing restrictions of the block format are honoured: no match
// starts in the last 12 bytes and the last 5 bytes are literals.

/// <summary>The fast LZ4 block compressor (<see cref="LZ4Level.L00_FAST"/>).</summary>
internal static unsafe class LZ4FastEncoder
{
    /// <summary>Bytes of position table the caller supplies (zeroed by the encoder).</summary>
    internal const int TableBytes = 16384;

    private const int SkipTrigger = 6;
    private const int Limit64K = 65536 + MFLimit - 1;

    /// <summary>
    /// Compresses <c>src[prefix .. prefix+length)</c> into <paramref name="dst"/>. The
    /// <paramref name="prefix"/> bytes before it (at most 64 KiB are used) are the dictionary of
    /// a linked block. Returns the compressed length, or 0 if it does not fit in
    /// <paramref name="dstCapacity"/>.
    /// </summary>
    internal static int Compress(byte* src, int prefix, int length, byte* dst, int dstCapacity, byte* table)
    {
        new Span<byte>(table, TableBytes).Clear();
        bool unlimited = dstCapacity >= length + (length / 255) + 16;
        if (prefix == 0 && length < Limit64K)
        {
            return unlimited
                ? Compress<SmallHashTable, Unchecked>(src, src, src + length, dst, dst + dstCapacity, table)
                : Compress<SmallHashTable, Checked>(src, src, src + length, dst, dst + dstCapacity, table);
        }

        int dictionary = Math.Min(prefix, 65536);
        byte* basePtr = src + prefix - dictionary;
        LoadDictionary(basePtr, dictionary, table);
        byte* start = basePtr + dictionary;
        return unlimited
            ? Compress<LargeHashTable, Unchecked>(basePtr, start, start + length, dst, dst + dstCapacity, table)
            : Compress<LargeHashTable, Checked>(basePtr, start, start + length, dst, dst + dstCapacity, table);
    }

    private static void LoadDictionary(byte* basePtr, int dictionary, byte* table)
    {
        for (int i = 0; i + 8 <= dictionary; i += 3)
        {
            LargeHashTable.Put(table, LargeHashTable.Hash(basePtr + i), (uint)i);
        }
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Compress<TTable, TBound>(byte* basePtr, byte* ip, byte* iend, byte* dst, byte* oend, byte* table)
        where TTable : struct, IHashTable
        where TBound : struct, IOutputBound
    {
        byte* anchor = ip;
        byte* op = dst;
        byte* mflimitPlusOne = iend - MFLimit + 1;
        byte* matchlimit = iend - LastLiterals;
        if (iend - ip < MinCompressLength)
        {
            goto LastLiterals;
        }

        TTable.Put(table, TTable.Hash(ip), (uint)(ip - basePtr));
        ip++;
        nuint forwardH = TTable.Hash(ip);

        while (true)
        {
            byte* match;
            byte* token;
            {
                byte* forwardIp = ip;
                nuint step = 1;
                nuint searchMatchNb = 1 << SkipTrigger;
                do
                {
                    nuint h = forwardH;
                    ip = forwardIp;
                    forwardIp += step;
                    step = searchMatchNb++ >> SkipTrigger;
                    if (forwardIp > mflimitPlusOne)
                    {
                        goto LastLiterals;
                    }

                    match = basePtr + TTable.Get(table, h);
                    forwardH = TTable.Hash(forwardIp);
                    TTable.Put(table, h, (uint)(ip - basePtr));
                }
                while ((TTable.NeedsDistanceCheck && match + MaxDistance < ip) || Read32(match) != Read32(ip));
            }

            while (ip > anchor && match > basePtr && ip[-1] == match[-1])
            {
                ip--;
                match--;
            }

            {
                nuint litLength = (nuint)(ip - anchor);
                token = op;
                if (TBound.Enabled && (nuint)(oend - op) < 1 + litLength + (2 + 1 + LastLiterals) + (litLength / 255))
                {
                    return 0;
                }

                op = WriteLiterals(token, anchor, litLength);
            }

        NextMatch:
            {
                nuint matchCode = Count(ip + MinMatch, match + MinMatch, matchlimit);
                nuint offset = (nuint)(ip - match);
                ip += matchCode + MinMatch;
                if (TBound.Enabled && (nuint)(oend - op) < 2 + 1 + LastLiterals + ((matchCode + 240) / 255))
                {
                    return 0;
                }

                op = WriteMatch(op, token, offset, matchCode);
            }

            anchor = ip;
            if (ip >= mflimitPlusOne)
            {
                break;
            }

            TTable.Put(table, TTable.Hash(ip - 2), (uint)(ip - 2 - basePtr));
            {
                nuint h = TTable.Hash(ip);
                match = basePtr + TTable.Get(table, h);
                TTable.Put(table, h, (uint)(ip - basePtr));
                if ((!TTable.NeedsDistanceCheck || match + MaxDistance >= ip) && Read32(match) == Read32(ip))
                {
                    token = op++;
                    *token = 0;
                    goto NextMatch;
                }
            }

            ip++;
            forwardH = TTable.Hash(ip);
        }

    LastLiterals:
        // Unchecked: the target holds the worst case, so oend is not needed (and not kept live).
        byte* end = WriteLastLiterals(op, TBound.Enabled ? oend : (byte*)nuint.MaxValue, anchor, (nuint)(iend - anchor));
        return end == null ? 0 : (int)(end - dst);
    }
}

/// <summary>Whether the compressor checks the room left in the output (JIT-specialised).</summary>
internal interface IOutputBound
{
    /// <summary>True when the target may be smaller than the worst-case output.</summary>
    static abstract bool Enabled { get; }
}

/// <summary>The target may be too small: check before every sequence, fail with 0.</summary>
internal readonly struct Checked : IOutputBound
{
    public static bool Enabled => true;
}

/// <summary>The target holds the worst case (<see cref="LZ4Codec.MaximumOutputSize"/>): no checks needed.</summary>
internal readonly struct Unchecked : IOutputBound
{
    public static bool Enabled => false;
}
