using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Zhtp.Storage.Dht.Rpc;

/// <summary>Unpredictable 64-bit request ids from the OS CSPRNG, drawn 64 at a time per thread (one system call per 64 ids).</summary>
internal static class RequestIds
{
    [ThreadStatic]
    private static byte[]? t_buffer;

    [ThreadStatic]
    private static int t_offset;

    public static ulong Next()
    {
        byte[]? buffer = t_buffer;
        if (buffer is null || t_offset >= buffer.Length)
        {
            buffer = t_buffer ??= new byte[512];
            RandomNumberGenerator.Fill(buffer);
            t_offset = 0;
        }

        ulong id = BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(t_offset));
        t_offset += 8;
        return id;
    }
}
