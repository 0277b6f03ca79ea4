using System.Buffers;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Types.Tests.MessagePack;

/// <summary>A DHT-sized envelope (about 1 KB), the same shape as the benchmark's: version, type, 8-byte request id,
/// 32-byte sender id, 65-byte key, timestamp, 20 contacts [32-byte id, 16-byte address, port], 64-byte signature.</summary>
internal static class DhtMessage
{
    public static byte[] Encode()
    {
        ArrayBufferWriter<byte> output = new();
        MessagePackWriter writer = new(output);
        Write(ref writer);
        writer.Flush();
        return output.WrittenSpan.ToArray();
    }

    public static void Write(ref MessagePackWriter writer)
    {
        Span<byte> bytes = stackalloc byte[65];
        writer.WriteArrayHeader(8);
        writer.Write(1);
        writer.Write(7);
        Fill(bytes.Slice(0, 8), 1);
        writer.Write(bytes.Slice(0, 8));
        Fill(bytes.Slice(0, 32), 2);
        writer.Write(bytes.Slice(0, 32));
        Fill(bytes, 3);
        writer.Write(bytes);
        writer.Write(new DateTime(2026, 11, 21, 6, 0, 0, DateTimeKind.Utc));
        writer.WriteArrayHeader(20);
        for (int i = 0; i < 20; i++)
        {
            writer.WriteArrayHeader(3);
            Fill(bytes.Slice(0, 32), (byte)(10 + i));
            writer.Write(bytes.Slice(0, 32));
            Fill(bytes.Slice(0, 16), (byte)(40 + i));
            writer.Write(bytes.Slice(0, 16));
            writer.Write((ushort)(30_000 + i));
        }

        Fill(bytes.Slice(0, 64), 4);
        writer.Write(bytes.Slice(0, 64));
    }

    private static void Fill(Span<byte> span, byte seed)
    {
        for (int i = 0; i < span.Length; i++)
        {
            span[i] = (byte)(seed + (i * 7));
        }
    }
}
