namespace Zhtp.Storage.Erasure.Tests.Codec;

public sealed class CodecErrorTests
{
    [Theory]
    [InlineData(0, 2)]
    [InlineData(4, 0)]
    [InlineData(-1, 1)]
    [InlineData(200, 57)]
    [InlineData(256, 1)]
    public void Create_ShapeOutOfRange_ThrowsCodecShapeException(int k, int m)
    {
        var error = Assert.Throws<CodecShapeException>(() => ReedSolomon.Create(k, m));
        Assert.Equal(k, error.DataShards);
        Assert.Equal(m, error.ParityShards);
        Assert.Contains($"{k}+{m}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_WrongDataShardCount_ThrowsShardCountException()
    {
        var codec = ReedSolomon.Create(4, 2);
        var error = Assert.Throws<ShardCountException>(() => codec.Encode(new ReadOnlyMemory<byte>[3], new Memory<byte>[2]));
        Assert.Equal(4, error.Expected);
        Assert.Equal(3, error.Actual);
        Assert.Contains("Expected 4 data shards, got 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_WrongParityCount_ThrowsShardCountException()
    {
        var codec = ReedSolomon.Create(4, 2);
        var error = Assert.Throws<ShardCountException>(() => codec.Encode(new ReadOnlyMemory<byte>[4], new Memory<byte>[3]));
        Assert.Contains("parity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_UnequalShardSizes_ThrowsShardSizeExceptionNamingTheShard()
    {
        var codec = ReedSolomon.Create(4, 2);
        var shards = Enumerable.Range(0, 6).Select(i => new byte[i == 3 ? 99 : 100]).ToArray();
        var error = Assert.Throws<ShardSizeException>(() => codec.Encode(shards));
        Assert.Equal(3, error.ShardIndex);
        Assert.Equal(100, error.ExpectedLength);
        Assert.Equal(99, error.ActualLength);
    }

    [Fact]
    public void Encode_ParityBufferTooShort_ThrowsShardSizeException()
    {
        var codec = ReedSolomon.Create(4, 2);
        var data = Enumerable.Range(0, 4).Select(_ => new ReadOnlyMemory<byte>(new byte[10])).ToArray();
        var parity = new[] { new Memory<byte>(new byte[10]), new Memory<byte>(new byte[9]) };
        var error = Assert.Throws<ShardSizeException>(() => codec.Encode(data, parity));
        Assert.Equal(5, error.ShardIndex);
    }

    [Fact]
    public void Encode_NullShardArray_ThrowsErasureCodingException()
    {
        var codec = ReedSolomon.Create(4, 2);
        var shards = Enumerable.Range(0, 6).Select(_ => new byte[8]).ToArray();
        shards[2] = null!;
        var error = Assert.Throws<ErasureCodingException>(() => codec.Encode(shards));
        Assert.Contains("Shard 2 is null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reconstruct_TooFewShards_SaysHowManyArePresentAndNeeded()
    {
        var codec = ReedSolomon.Create(4, 2);
        var shards = Enumerable.Range(0, 6).Select(_ => new Memory<byte>(new byte[8])).ToArray();
        var error = Assert.Throws<TooFewShardsException>(() => codec.Reconstruct(shards, ShardMask.All(6).Without(0).Without(1).Without(5)));
        Assert.Equal(3, error.Present);
        Assert.Equal(4, error.Needed);
        Assert.StartsWith("3 shards present, 4 needed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reconstruct_TooFewNonNullArrays_ThrowsTooFewShardsException()
    {
        var codec = ReedSolomon.Create(4, 2);
        var shards = new byte[]?[] { new byte[8], null, null, new byte[8], null, new byte[8] };
        Assert.Throws<TooFewShardsException>(() => codec.Reconstruct(shards));
    }

    [Fact]
    public void Reconstruct_WrongShardCount_ThrowsShardCountException()
    {
        var codec = ReedSolomon.Create(4, 2);
        var shards = Enumerable.Range(0, 5).Select(_ => new Memory<byte>(new byte[8])).ToArray();
        var error = Assert.Throws<ShardCountException>(() => codec.Reconstruct(shards, ShardMask.All(5)));
        Assert.Equal(6, error.Expected);
        Assert.Equal(5, error.Actual);
    }

    [Fact]
    public void Reconstruct_MissingShardBufferTooShort_ThrowsShardSizeException()
    {
        var codec = ReedSolomon.Create(4, 2);
        var shards = Enumerable.Range(0, 6).Select(i => new Memory<byte>(new byte[i == 1 ? 4 : 8])).ToArray();
        var error = Assert.Throws<ShardSizeException>(() => codec.Reconstruct(shards, ShardMask.All(6).Without(1)));
        Assert.Equal(1, error.ShardIndex);
    }

    [Fact]
    public void Reconstruct_PresentIndexBeyondShards_ThrowsErasureCodingException()
    {
        var codec = ReedSolomon.Create(4, 2);
        var shards = Enumerable.Range(0, 6).Select(_ => new Memory<byte>(new byte[8])).ToArray();
        var error = Assert.Throws<ErasureCodingException>(() => codec.Reconstruct(shards, ShardMask.All(4).With(9)));
        Assert.Contains("beyond the last index 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WrongShardCount_ThrowsShardCountException()
    {
        var codec = ReedSolomon.Create(4, 2);
        Assert.Throws<ShardCountException>(() => codec.Verify(new byte[4][]));
    }
}
