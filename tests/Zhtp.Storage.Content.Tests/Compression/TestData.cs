using System.Text;

namespace Zhtp.Storage.Content.Tests.Compression;

/// <summary>Deterministic inputs for the LZ4 tests (fixed seeds).</summary>
internal static class TestData
{
    private static readonly string[] Words =
    [
        "storage", "shard", "node", "kademlia", "bucket", "contract", "escrow", "the", "a", "of",
        "replication", "segment", "manifest", "lookup", "peer", "record", "value", "key", "and", "to",
    ];

    /// <summary>Incompressible bytes.</summary>
    internal static byte[] Random(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Text-like bytes from a small vocabulary with occasional noise: compresses about 3x.</summary>
    internal static byte[] Compressible(int seed, int length)
    {
        var random = new Random(seed);
        var sb = new StringBuilder(length + 16);
        while (sb.Length < length)
        {
            sb.Append(Words[random.Next(Words.Length)]);
            sb.Append(random.Next(10) == 0 ? (char)('0' + random.Next(10)) : ' ');
        }

        return Encoding.ASCII.GetBytes(sb.ToString(0, length));
    }

    /// <summary>A mix: text, runs of one byte, short periodic patterns and random stretches.</summary>
    internal static byte[] Mixed(int seed, int length)
    {
        var random = new Random(seed);
        var bytes = new byte[length];
        int pos = 0;
        while (pos < length)
        {
            int run = Math.Min(length - pos, random.Next(1, 3000));
            Span<byte> part = bytes.AsSpan(pos, run);
            switch (random.Next(4))
            {
                case 0:
                    part.Fill((byte)random.Next(256));
                    break;
                case 1:
                    int period = random.Next(1, 20);
                    for (int i = 0; i < run; i++)
                    {
                        part[i] = (byte)((i % period) * 7);
                    }

                    break;
                case 2:
                    random.NextBytes(part);
                    break;
                default:
                    Compressible(random.Next(), run).CopyTo(part);
                    break;
            }

            pos += run;
        }

        return bytes;
    }
}
