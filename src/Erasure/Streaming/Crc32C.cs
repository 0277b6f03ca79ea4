using System.Buffers.Binary;
using System.Runtime.Intrinsics.X86;

namespace Zhtp.Storage.Erasure.Streaming;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78; iSCSI, RFC 3720 appendix B.4): the SSE4.2
/// CRC32 instruction when present, a lookup table otherwise. Incremental: pass the previous result
/// as <c>crc</c>, starting from 0.
/// </summary>
internal static class Crc32C
{
    private const uint ReflectedPolynomial = 0x82F63B78;

    private static readonly uint[] Table = BuildTable();

    /// <summary>Test switch: forces the table path.</summary>
    internal static bool ForceSoftware { get; set; }

    /// <summary>Continues <paramref name="crc"/> over <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        uint state = ~crc;
        if (Sse42.X64.IsSupported && !ForceSoftware)
        {
            ulong wide = state;
            while (data.Length >= 8)
            {
                wide = Sse42.X64.Crc32(wide, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data[8..];
            }

            state = (uint)wide;
            foreach (byte b in data)
            {
                state = Sse42.Crc32(state, b);
            }
        }
        else
        {
            foreach (byte b in data)
            {
                state = Table[(byte)(state ^ b)] ^ (state >> 8);
            }
        }

        return ~state;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint value = i;
            for (int bit = 0; bit < 8; bit++)
            {
                value = (value & 1) != 0 ? (value >> 1) ^ ReflectedPolynomial : value >> 1;
            }

            table[i] = value;
        }

        return table;
    }
}
