namespace Zhtp.Storage.Erasure.Tests.Codec;

/// <summary>Stripes of random data with their parity, for codec tests.</summary>
internal static class CodecTestData
{
    /// <summary>k random data shards and m parity shards encoded by <paramref name="codec"/>.</summary>
    public static byte[][] EncodedStripe(ReedSolomonCodec codec, int shardLength, int seed)
    {
        var random = new Random(seed);
        var shards = new byte[codec.TotalShards][];
        for (int i = 0; i < shards.Length; i++)
        {
            shards[i] = new byte[shardLength];
            if (i < codec.DataShards)
            {
                random.NextBytes(shards[i]);
            }
        }

        codec.Encode(shards);
        return shards;
    }

    /// <summary>Copies the stripe, overwrites every shard not in <paramref name="present"/> with junk, rebuilds it, and checks it.</summary>
    public static void AssertReconstructs(ReedSolomonCodec codec, byte[][] stripe, ShardMask present, bool dataOnly)
    {
        var work = stripe.Select(s => (byte[])s.Clone()).ToArray();
        for (int i = 0; i < work.Length; i++)
        {
            if (!present.Contains(i))
            {
                Array.Fill(work[i], (byte)0xA5);
            }
        }

        var memories = work.Select(s => new Memory<byte>(s)).ToArray();
        if (dataOnly)
        {
            codec.ReconstructData(memories, present);
        }
        else
        {
            codec.Reconstruct(memories, present);
        }

        int checkedShards = dataOnly ? codec.DataShards : codec.TotalShards;
        for (int i = 0; i < checkedShards; i++)
        {
            Assert.True(stripe[i].AsSpan().SequenceEqual(work[i]), $"{codec}: shard {i} wrong after rebuilding from {present} (dataOnly={dataOnly})");
        }

        for (int i = checkedShards; i < codec.TotalShards; i++)
        {
            if (!present.Contains(i))
            {
                Assert.All(work[i], b => Assert.Equal(0xA5, b));
            }
        }
    }

    /// <summary>Every subset of {0..n−1} with at least <paramref name="minimum"/> members.</summary>
    public static IEnumerable<ShardMask> SubsetsWithAtLeast(int n, int minimum)
    {
        for (int bits = 0; bits < 1 << n; bits++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)bits) < minimum)
            {
                continue;
            }

            var mask = ShardMask.None;
            for (int i = 0; i < n; i++)
            {
                if ((bits & (1 << i)) != 0)
                {
                    mask = mask.With(i);
                }
            }

            yield return mask;
        }
    }
}
