using Zhtp.Storage.Erasure.Streaming;

namespace Zhtp.Storage.Erasure.Tests.Streaming;

public sealed class ErasureStreamTests
{
    private const int SegmentShard = 1000;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3999)]
    [InlineData(4000)]
    [InlineData(4001)]
    [InlineData(25_555)]
    public async Task EncodeDecode_AllShards_RoundTrips(int length)
    {
        var (data, shardStreams) = await EncodeAsync(length, seed: length);
        var result = await DecodeAsync(shardStreams);
        Assert.Equal(data, result.Output);
        Assert.Equal(length, result.Result.BytesWritten);
        Assert.Equal((length / (4 * SegmentShard)) + 1, result.Result.Segments);
        Assert.Equal(ShardMask.None, result.Result.FailedShards);
    }

    [Fact]
    public async Task Decode_TwoStreamsMissing_RebuildsData()
    {
        var (data, shardStreams) = await EncodeAsync(12_345, seed: 1);
        shardStreams[0] = null;
        shardStreams[3] = null;
        var result = await DecodeAsync(shardStreams);
        Assert.Equal(data, result.Output);
        Assert.Equal(ShardMask.None, result.Result.FailedShards);
    }

    [Fact]
    public async Task Decode_CorruptPayloadByte_DropsThatShardAndRebuilds()
    {
        var (data, shardStreams) = await EncodeAsync(12_345, seed: 2);
        var bytes = shardStreams[1]!.ToArray();
        bytes[SegmentHeader.Size + SegmentShard + SegmentHeader.Size + 10] ^= 1;
        shardStreams[1] = new MemoryStream(bytes);
        var result = await DecodeAsync(shardStreams);
        Assert.Equal(data, result.Output);
        Assert.Equal(ShardMask.None.With(1), result.Result.FailedShards);
    }

    [Fact]
    public async Task Decode_CorruptHeaderAndTruncatedStream_DropsBothAndRebuilds()
    {
        var (data, shardStreams) = await EncodeAsync(12_345, seed: 3);
        var header = shardStreams[2]!.ToArray();
        header[12] ^= 0x40;
        shardStreams[2] = new MemoryStream(header);
        var truncated = shardStreams[5]!.ToArray();
        shardStreams[5] = new MemoryStream(truncated, 0, truncated.Length - 7);
        var result = await DecodeAsync(shardStreams);
        Assert.Equal(data, result.Output);
        Assert.Equal(ShardMask.None.With(2).With(5), result.Result.FailedShards);
    }

    [Fact]
    public async Task Decode_StreamsSwapped_DropsThemAsWrongIndex()
    {
        var (data, shardStreams) = await EncodeAsync(5000, seed: 4);
        (shardStreams[4], shardStreams[5]) = (shardStreams[5], shardStreams[4]);
        var result = await DecodeAsync(shardStreams);
        Assert.Equal(data, result.Output);
        Assert.Equal(ShardMask.None.With(4).With(5), result.Result.FailedShards);
    }

    [Fact]
    public async Task Decode_ThreeStreamsMissing_ThrowsTooFewShards()
    {
        var (_, shardStreams) = await EncodeAsync(5000, seed: 5);
        shardStreams[0] = shardStreams[1] = shardStreams[2] = null;
        var error = await Assert.ThrowsAsync<TooFewShardsException>(() => DecodeAsync(shardStreams));
        Assert.Equal(3, error.Present);
        Assert.Equal(4, error.Needed);
    }

    [Fact]
    public async Task Encode_WrongOutputCount_ThrowsShardCountException()
    {
        var encoder = new ErasureStreamEncoder(ReedSolomon.Create(), SegmentShard);
        await Assert.ThrowsAsync<ShardCountException>(() => encoder.EncodeAsync(new MemoryStream(), [new MemoryStream()]));
    }

    [Fact]
    public async Task Decode_ShardLongerThanLimit_TreatsShardsAsDamaged()
    {
        var (_, shardStreams) = await EncodeAsync(40_000, seed: 6);
        var decoder = new ErasureStreamDecoder(ReedSolomon.Create(), maxSegmentShardLength: SegmentShard - 1);
        await Assert.ThrowsAsync<TooFewShardsException>(() => decoder.DecodeAsync(shardStreams, new MemoryStream()));
    }

    [Fact]
    public void SegmentHeader_WriteThenRead_RoundTripsAndChecksCrc()
    {
        var header = new SegmentHeader(true, 10, 4, 13, 7, 123_456_789_012, 61);
        var bytes = new byte[SegmentHeader.Size];
        byte[] payload = [1, 2, 3, 4, 5, 6, 7];
        header.Write(bytes, payload);
        Assert.Equal("ZRSE"u8.ToArray(), bytes[..4]);
        Assert.True(SegmentHeader.TryRead(bytes, out var read));
        Assert.Equal(header, read);
        Assert.True(SegmentHeader.ChecksumMatches(bytes, payload));
        payload[6] ^= 1;
        Assert.False(SegmentHeader.ChecksumMatches(bytes, payload));
        bytes[24] = 200;
        Assert.False(SegmentHeader.TryRead(bytes, out _));
    }

    private static async Task<(byte[] Data, MemoryStream?[] Streams)> EncodeAsync(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        var codec = ReedSolomon.Create(4, 2);
        var outputs = Enumerable.Range(0, 6).Select(_ => new MemoryStream()).ToArray();
        long encoded = await new ErasureStreamEncoder(codec, SegmentShard).EncodeAsync(new MemoryStream(data), outputs);
        Assert.Equal(length, encoded);
        return (data, outputs.Select(o => (MemoryStream?)new MemoryStream(o.ToArray())).ToArray());
    }

    private static async Task<(byte[] Output, StreamDecodeResult Result)> DecodeAsync(MemoryStream?[] shardStreams)
    {
        var output = new MemoryStream();
        var result = await new ErasureStreamDecoder(ReedSolomon.Create(4, 2)).DecodeAsync(shardStreams, output);
        return (output.ToArray(), result);
    }
}
