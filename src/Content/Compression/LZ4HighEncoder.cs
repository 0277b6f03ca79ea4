using System.Runtime.CompilerServices;
using static Zhtp.Storage.Content.Compression.LZ4Primitives;

namespace Zhtp.Storage.Content.Compression;

// Implementation notes: a hash-chain LZ77 parser. head[] maps a 4-byte hash to the latest
// position, chain[] (indexed by position mod 64 Ki) holds the distance to the previous position
// with the same hash, so a chain never reaches past the 64 KiB window. Positions are stored
// biased by 64 Ki so that an empty slot (0) is always out of the window. At each position the
// best of `attempts` candidates is taken; if the next position offers a longer match, the parser
// defers (lazy matching) and repeats. The parsing restrictions are those of the fast compressor.

/// <summary>The higher-compression LZ4 block compressor (levels 3..12).</summary>
internal static unsafe class LZ4HighEncoder
{
    private const int HashLog = 15;
    private const int HeadEntries = 1 << HashLog;
    private const int ChainEntries = 65536;
    private const uint Bias = 65536;

    // A match this long is taken without trying the next position (the gain would be tiny).
    private const int LazyLimit = 64;

    /// <summary>Bytes of state the caller supplies: the head table and the chain table.</summary>
    internal const int StateBytes = (HeadEntries * sizeof(uint)) + (ChainEntries * sizeof(ushort));

    /// <summary>Candidates searched per position for <paramref name="level"/>.</summary>
    internal static int Attempts(LZ4Level level) => level switch
    {
        <= LZ4Level.L03_HC => 4,
        >= LZ4Level.L12_MAX => 4096,
        LZ4Level.L11_OPT => 1024,
        LZ4Level.L10_OPT => 512,
        _ => 1 << ((int)level - 1),
    };

    /// <summary>
    /// Compresses <c>src[prefix .. prefix+length)</c> into <paramref name="dst"/> with up to
    /// 64 KiB of the <paramref name="prefix"/> as dictionary. Returns the compressed length, or 0
    /// if it does not fit in <paramref name="dstCapacity"/>.
    /// </summary>
    internal static int Compress(byte* src, int prefix, int length, byte* dst, int dstCapacity, byte* state, int attempts)
    {
        new Span<byte>(state, HeadEntries * sizeof(uint)).Clear();
        int dictionary = Math.Min(prefix, 65536);
        var parser = new Parser(src + prefix - dictionary, (uint*)state, (ushort*)(state + (HeadEntries * sizeof(uint))), attempts);
        return parser.Run(dictionary, length, dst, dst + dstCapacity);
    }

    private ref struct Parser
    {
        private readonly byte* _base;
        private readonly uint* _head;
        private readonly ushort* _chain;
        private readonly int _attempts;
        private uint _nextToUpdate;

        internal Parser(byte* basePtr, uint* head, ushort* chain, int attempts)
        {
            _base = basePtr;
            _head = head;
            _chain = chain;
            _attempts = attempts;
            _nextToUpdate = Bias;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static uint Hash(byte* p) => (Read32(p) * 2654435761U) >> (32 - HashLog);

        internal int Run(int dictionary, int length, byte* dst, byte* oend)
        {
            byte* ip = _base + dictionary;
            byte* iend = ip + length;
            byte* anchor = ip;
            byte* op = dst;
            byte* mflimitPlusOne = iend - MFLimit + 1;
            byte* matchlimit = iend - LastLiterals;
            if (length >= MinCompressLength)
            {
                while (ip < mflimitPlusOne)
                {
                    nuint len = FindLongest(ip, matchlimit, out byte* match);
                    if (len < MinMatch)
                    {
                        ip++;
                        continue;
                    }

                    while (len < LazyLimit && ip + 1 < mflimitPlusOne)
                    {
                        nuint next = FindLongest(ip + 1, matchlimit, out byte* nextMatch);
                        if (next <= len)
                        {
                            break;
                        }

                        ip++;
                        len = next;
                        match = nextMatch;
                    }

                    nuint litLength = (nuint)(ip - anchor);
                    nuint matchCode = len - MinMatch;
                    if ((nuint)(oend - op) < 1 + litLength + (2 + 1 + LastLiterals) + (litLength / 255) + ((matchCode + 240) / 255))
                    {
                        return 0;
                    }

                    byte* token = op;
                    op = WriteLiterals(token, anchor, litLength);
                    op = WriteMatch(op, token, (nuint)(ip - match), matchCode);
                    ip += len;
                    anchor = ip;
                }
            }

            byte* end = WriteLastLiterals(op, oend, anchor, (nuint)(iend - anchor));
            return end == null ? 0 : (int)(end - dst);
        }

        private void Insert(uint target)
        {
            uint* head = _head;
            ushort* chain = _chain;
            for (uint idx = _nextToUpdate; idx < target; idx++)
            {
                uint h = Hash(_base + (idx - Bias));
                uint delta = idx - head[h];
                chain[idx & 0xFFFF] = (ushort)Math.Min(delta, MaxDistance);
                head[h] = idx;
            }

            _nextToUpdate = target;
        }

        private nuint FindLongest(byte* ip, byte* matchlimit, out byte* bestMatch)
        {
            uint current = (uint)(ip - _base) + Bias;
            Insert(current);
            bestMatch = null;
            nuint best = MinMatch - 1;
            uint sequence = Read32(ip);
            uint idx = _head[Hash(ip)];
            int attempts = _attempts;
            while (attempts-- > 0 && current - idx <= MaxDistance)
            {
                byte* candidate = _base + (idx - Bias);
                if (candidate[best] == ip[best] && Read32(candidate) == sequence)
                {
                    nuint len = MinMatch + Count(ip + MinMatch, candidate + MinMatch, matchlimit);
                    if (len > best)
                    {
                        best = len;
                        bestMatch = candidate;
                        if (ip + len >= matchlimit)
                        {
                            break;
                        }
                    }
                }

                uint delta = _chain[idx & 0xFFFF];
                if (delta == 0 || delta >= MaxDistance)
                {
                    break;
                }

                idx -= delta;
            }

            return best;
        }
    }
}
