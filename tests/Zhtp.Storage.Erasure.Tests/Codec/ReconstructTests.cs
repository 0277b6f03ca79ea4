using Zhtp.Storage.Erasure.Codec;
using Zhtp.Storage.Erasure.Tests.Kernels;

namespace Zhtp.Storage.Erasure.Tests.Codec;

public sealed class ReconstructTests
{
    [Theory]
    [InlineData(4, 2)]
    [InlineData(1, 1)]
    [InlineData(1, 3)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(3, 3)]
    [InlineData(5, 3)]
    [InlineData(6, 4)]
    [InlineData(8, 4)]
    public void Reconstruct_EveryErasurePattern_RebuildsAllShards(int k, int m)
    {
        var codec = ReedSolomon.Create(k, m);
        var stripe = CodecTestData.EncodedStripe(codec, 100 + k, seed: (k * 31) + m);
        int patterns = 0;
        foreach (var present in CodecTestData.SubsetsWithAtLeast(k + m, k))
        {
            CodecTestData.AssertReconstructs(codec, stripe, present, dataOnly: false);
            CodecTestData.AssertReconstructs(codec, stripe, present, dataOnly: true);
            patterns++;
        }

        Assert.True(patterns >= k + m);
    }

    [Theory]
    [InlineData(10, 4, 400, 1001)]
    [InlineData(17, 3, 300, 1702)]
    [InlineData(32, 8, 100, 3203)]
    [InlineData(200, 56, 20, 2004)]
    public void Reconstruct_RandomErasurePatterns_RebuildsAllShards(int k, int m, int patterns, int seed)
    {
        var codec = ReedSolomon.Create(k, m);
        var stripe = CodecTestData.EncodedStripe(codec, 77, seed);
        var random = new Random(seed);
        for (int trial = 0; trial < patterns; trial++)
        {
            int lost = random.Next(1, m + 1);
            var present = ShardMask.All(k + m);
            foreach (int index in Enumerable.Range(0, k + m).OrderBy(_ => random.Next()).Take(lost))
            {
                present = present.Without(index);
            }

            CodecTestData.AssertReconstructs(codec, stripe, present, dataOnly: trial % 2 == 0);
        }
    }

    [Theory]
    [InlineData(255, 1)]
    [InlineData(1, 255)]
    [InlineData(128, 128)]
    public void Reconstruct_ExtremeShapes_RebuildsLostShards(int k, int m)
    {
        var codec = ReedSolomon.Create(k, m);
        var stripe = CodecTestData.EncodedStripe(codec, 33, seed: k);
        var random = new Random(k + m);
        for (int trial = 0; trial < 3; trial++)
        {
            var present = ShardMask.All(k + m);
            foreach (int index in Enumerable.Range(0, k + m).OrderBy(_ => random.Next()).Take(m))
            {
                present = present.Without(index);
            }

            CodecTestData.AssertReconstructs(codec, stripe, present, dataOnly: false);
        }
    }

    [Fact]
    public void Reconstruct_NullArrays_AllocatesAndRebuildsThem()
    {
        var codec = ReedSolomon.Create(4, 2);
        var stripe = CodecTestData.EncodedStripe(codec, 1000, seed: 5);
        var work = stripe.Select(s => (byte[]?)s.Clone()).ToArray();
        work[1] = null;
        work[5] = null;
        codec.Reconstruct(work);
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(stripe[i], work[i]);
        }
    }

    [Fact]
    public void ReconstructData_NullArrays_RebuildsDataAndLeavesParityNull()
    {
        var codec = ReedSolomon.Create(4, 2);
        var stripe = CodecTestData.EncodedStripe(codec, 1000, seed: 6);
        var work = stripe.Select(s => (byte[]?)s.Clone()).ToArray();
        work[0] = null;
        work[4] = null;
        codec.ReconstructData(work);
        Assert.Equal(stripe[0], work[0]);
        Assert.Null(work[4]);
    }

    [Fact]
    public void ReconstructData_MissingParityBufferEmpty_IsAccepted()
    {
        var codec = ReedSolomon.Create(4, 2);
        var stripe = CodecTestData.EncodedStripe(codec, 64, seed: 8);
        var shards = stripe.Select(s => new Memory<byte>((byte[])s.Clone())).ToArray();
        shards[2].Span.Clear();
        shards[5] = Memory<byte>.Empty;
        codec.ReconstructData(shards, ShardMask.All(6).Without(2).Without(5));
        Assert.True(shards[2].Span.SequenceEqual(stripe[2]));
    }

    [Fact]
    public void Reconstruct_SamePatternTwice_BuildsOnePlan()
    {
        var codec = (CauchyCodec)ReedSolomon.Create(4, 2);
        var stripe = CodecTestData.EncodedStripe(codec, 64, seed: 9);
        var present = ShardMask.All(6).Without(0).Without(2);
        CodecTestData.AssertReconstructs(codec, stripe, present, dataOnly: false);
        CodecTestData.AssertReconstructs(codec, stripe, present, dataOnly: true);
        Assert.Equal(1, codec.Plans.Builds);
    }

    [Fact]
    public void Reconstruct_MorePatternsThanCapacity_CacheStaysBounded()
    {
        var codec = (CauchyCodec)ReedSolomon.Create(10, 4);
        var stripe = CodecTestData.EncodedStripe(codec, 16, seed: 10);
        int patterns = 0;
        foreach (var present in CodecTestData.SubsetsWithAtLeast(14, 12).Take(CauchyCodec.PlanCacheCapacity + 20))
        {
            CodecTestData.AssertReconstructs(codec, stripe, present, dataOnly: false);
            patterns++;
        }

        Assert.Equal(CauchyCodec.PlanCacheCapacity + 20, patterns);
        Assert.Equal(CauchyCodec.PlanCacheCapacity, codec.Plans.Count);
    }

    [Fact]
    public void Reconstruct_SteadyStateAlternatingPatterns_AllocatesNothing()
    {
        var codec = ReedSolomon.Create(4, 2);
        var stripe = CodecTestData.EncodedStripe(codec, 4096, seed: 11);
        var shards = stripe.Select(s => new Memory<byte>(s)).ToArray();
        var data = stripe.Take(4).Select(s => new ReadOnlyMemory<byte>(s)).ToArray();
        var parity = stripe.Skip(4).Select(s => new Memory<byte>(s)).ToArray();
        var present = ShardMask.All(6).Without(0).Without(2);
        var other = ShardMask.All(6).Without(1).Without(5);
        var all = data.Concat(parity.Select(p => (ReadOnlyMemory<byte>)p)).ToArray();
        bool verified = true;
        void Round()
        {
            codec.Reconstruct(shards, present);
            codec.ReconstructData(shards, other);
            codec.Reconstruct(shards, other);
            codec.Encode(data, parity);
            verified &= codec.Verify(all);
        }

        for (int i = 0; i < 200; i++)
        {
            Round();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            Round();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(verified);
        Assert.Equal(0, allocated);
    }
}

[Collection(KernelPathCollection.Name)]
public sealed class ReconstructPerPathTests
{
    [Theory]
    [MemberData(nameof(KernelPathCollection.SupportedPaths), MemberType = typeof(KernelPathCollection))]
    public void Reconstruct_4x2EveryPatternOnEachPath_RebuildsAllShards(string path)
    {
        using var scope = new ForcedPathScope(path);
        var codec = ReedSolomon.Create(4, 2);
        var stripe = CodecTestData.EncodedStripe(codec, 1000 + 3, seed: 12);
        foreach (var present in CodecTestData.SubsetsWithAtLeast(6, 4))
        {
            CodecTestData.AssertReconstructs(codec, stripe, present, dataOnly: false);
        }
    }
}
