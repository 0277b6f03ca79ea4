using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Zhtp.Storage.Content.Compression;

// Implementation notes: xxHash32 as specified in "xxHash fast digest algorithm" (XXH32 section):
// four 32-bit lanes over 16-byte stripes (round = rotl(acc + lane * P2, 13) * P1), convergence by
// rotations 1/7/12/18, the length added, the tail consumed 4 bytes then 1 byte at a time, and the
// final avalanche. All input words are little-endian. The LZ4 frame format uses seed 0.

/// <summary>
/// xxHash32 (the checksum of the LZ4 frame format), one-shot. Allocation-free and thread-safe.
/// For data that arrives in pieces use <see cref="XxHash32State"/>.
/// </summary>
internal static class XxHash32
{
    internal const uint Prime1 = 2654435761U;
    internal const uint Prime2 = 2246822519U;
    internal const uint Prime3 = 3266489917U;
    internal const uint Prime4 = 668265263U;
    internal const uint Prime5 = 374761393U;

    /// <summary>Hashes <paramref name="data"/> with <paramref name="seed"/>.</summary>
    internal static uint Hash(ReadOnlySpan<byte> data, uint seed = 0)
    {
        ref byte p = ref MemoryMarshal.GetReference(data);
        int length = data.Length;
        int offset = 0;
        uint h;
        if (length >= 16)
        {
            uint v1 = seed + Prime1 + Prime2, v2 = seed + Prime2, v3 = seed, v4 = seed - Prime1;
            offset = ConsumeStripes(ref p, length & ~15, ref v1, ref v2, ref v3, ref v4);
            h = Converge(v1, v2, v3, v4);
        }
        else
        {
            h = seed + Prime5;
        }

        h += (uint)length;
        return Finish(h, data[offset..]);
    }

    /// <summary>Runs whole 16-byte stripes of <paramref name="length"/> bytes (a multiple of 16) through the lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int ConsumeStripes(ref byte p, int length, ref uint v1, ref uint v2, ref uint v3, ref uint v4)
    {
        uint a = v1, b = v2, c = v3, d = v4;
        int i = 0;
        for (; i < length; i += 16)
        {
            a = Round(a, Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref p, i)));
            b = Round(b, Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref p, i + 4)));
            c = Round(c, Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref p, i + 8)));
            d = Round(d, Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref p, i + 12)));
        }

        v1 = a;
        v2 = b;
        v3 = c;
        v4 = d;
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Round(uint acc, uint lane)
    {
        if (!BitConverter.IsLittleEndian)
        {
            lane = BinaryPrimitives.ReverseEndianness(lane);
        }

        return BitOperations.RotateLeft(acc + (lane * Prime2), 13) * Prime1;
    }

    /// <summary>Merges the four lanes into one accumulator.</summary>
    internal static uint Converge(uint v1, uint v2, uint v3, uint v4) =>
        BitOperations.RotateLeft(v1, 1) + BitOperations.RotateLeft(v2, 7) + BitOperations.RotateLeft(v3, 12) + BitOperations.RotateLeft(v4, 18);

    /// <summary>Consumes the tail (fewer than 16 bytes) and applies the avalanche.</summary>
    internal static uint Finish(uint h, ReadOnlySpan<byte> tail)
    {
        int i = 0;
        for (; i + 4 <= tail.Length; i += 4)
        {
            h += BinaryPrimitives.ReadUInt32LittleEndian(tail[i..]) * Prime3;
            h = BitOperations.RotateLeft(h, 17) * Prime4;
        }

        for (; i < tail.Length; i++)
        {
            h += tail[i] * Prime5;
            h = BitOperations.RotateLeft(h, 11) * Prime1;
        }

        h ^= h >> 15;
        h *= Prime2;
        h ^= h >> 13;
        h *= Prime3;
        h ^= h >> 16;
        return h;
    }
}
