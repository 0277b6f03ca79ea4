using System.Text;

namespace Zhtp.Storage.Content.Tests.Manager;

internal static class TestData
{
    /// <summary>Random bytes, or compressible text, of <paramref name="size"/> bytes.</summary>
    public static byte[] Make(int size, bool random, int seed)
    {
        var rng = new Random(seed);
        if (random)
        {
            byte[] bytes = new byte[size];
            rng.NextBytes(bytes);
            return bytes;
        }

        string[] words = ["shard", "segment", "parity", "node", "bucket", "record", "escrow", "audit", "ledger"];
        var text = new StringBuilder(size + 64);
        while (text.Length < size)
        {
            text.Append(words[rng.Next(words.Length)]).Append(rng.Next(100)).Append(' ');
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, size));
    }
}
