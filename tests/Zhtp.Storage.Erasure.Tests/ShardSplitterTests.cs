namespace Zhtp.Storage.Erasure.Tests;

public sealed class ShardSplitterTests
{
    [Theory]
    [InlineData(0, 4, 0)]
    [InlineData(1, 4, 1)]
    [InlineData(4, 4, 1)]
    [InlineData(5, 4, 2)]
    [InlineData(1_000_001, 4, 250_001)]
    public void ShardLength_Lengths_RoundUp(long length, int k, int expected)
    {
        Assert.Equal(expected, ShardSplitter.ShardLength(length, k));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(1001)]
    public void SplitThenJoin_AnyLength_ReturnsOriginalBytes(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        var shards = ShardSplitter.Split(data, 4, 2);
        Assert.Equal(6, shards.Length);
        Assert.All(shards, s => Assert.Equal(ShardSplitter.ShardLength(length, 4), s.Length));
        Assert.Equal(data, ShardSplitter.Join(shards, 4, length));
    }

    [Fact]
    public void Split_ShortLastShard_IsZeroPadded()
    {
        var shards = ShardSplitter.Split([1, 2, 3, 4, 5], 4, 1);
        Assert.Equal(new byte[] { 1, 2 }, shards[0]);
        Assert.Equal(new byte[] { 5, 0 }, shards[2]);
        Assert.Equal(new byte[] { 0, 0 }, shards[3]);
    }

    [Fact]
    public void SplitEncodeLoseReconstructJoin_4x2_RoundTrips()
    {
        var data = new byte[100_003];
        new Random(3).NextBytes(data);
        var codec = ReedSolomon.Create();
        var shards = ShardSplitter.Split(data, codec.DataShards, codec.ParityShards);
        codec.Encode(shards);
        var damaged = shards.Select(s => (byte[]?)s).ToArray();
        damaged[1] = null;
        damaged[3] = null;
        codec.ReconstructData(damaged);
        Assert.Equal(data, ShardSplitter.Join(damaged!, 4, data.Length));
    }

    [Fact]
    public void DocsExample_LoseTwoShards_RoundTrips()
    {
        byte[] content = new byte[5000];
        new Random(4).NextBytes(content);
        ReedSolomonCodec codec = ReedSolomon.Create(4, 2);
        byte[][] shards = ShardSplitter.Split(content, codec.DataShards, codec.ParityShards);
        codec.Encode(shards);
        byte[]?[] received = [shards[0], null, shards[2], shards[3], null, shards[5]];
        codec.Reconstruct(received);
        byte[] again = ShardSplitter.Join(received!, codec.DataShards, content.Length);
        bool intact = codec.Verify(received!);
        Assert.Equal(content, again);
        Assert.True(intact);
    }

    [Fact]
    public void SplitIntoMemories_WrongShardLength_ThrowsShardSizeException()
    {
        var shards = new[] { new Memory<byte>(new byte[3]), new Memory<byte>(new byte[2]) };
        var error = Assert.Throws<ShardSizeException>(() => ShardSplitter.Split(new byte[5], shards));
        Assert.Equal(1, error.ShardIndex);
    }

    [Fact]
    public void Slice_DataAtStartOfStripe_ReturnsSlicesAndZeroesPadding()
    {
        var stripe = Enumerable.Repeat((byte)0xFF, 16).ToArray();
        var shards = new Memory<byte>[3];
        int length = ShardSplitter.Slice(stripe, 7, shards);
        Assert.Equal(3, length);
        Assert.Equal(new byte[] { 0xFF, 0, 0 }, shards[2].ToArray());
        Assert.Equal(0xFF, stripe[9]);
    }

    [Fact]
    public void Join_OriginalLengthTooLong_Throws()
    {
        var shards = ShardSplitter.Split(new byte[10], 4, 0);
        Assert.Throws<ArgumentException>(() => ShardSplitter.Join(shards, 4, 13));
    }

    [Fact]
    public void JoinIntoSpan_Memories_CopiesOriginalBytes()
    {
        byte[] data = [9, 8, 7, 6, 5, 4, 3];
        var shards = ShardSplitter.Split(data, 3, 0).Select(s => new ReadOnlyMemory<byte>(s)).ToArray();
        var destination = new byte[7];
        ShardSplitter.Join(shards, destination);
        Assert.Equal(data, destination);
    }
}
