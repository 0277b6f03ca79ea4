using System.Buffers;
using System.IO.Pipelines;
using Xunit.Abstractions;
using Zhtp.Storage.Erasure.Streaming;

namespace Zhtp.Storage.Erasure.Tests.Streaming;

public sealed class ErasurePipeTests(ITestOutputHelper log)
{
    private const int SegmentShard = 1000;
    private const int Shards = 6;

    [Theory]
    [InlineData(0, SegmentShard)]
    [InlineData(1, SegmentShard)]
    [InlineData(3999, SegmentShard)]
    [InlineData(4000, SegmentShard)]
    [InlineData(4001, SegmentShard)]
    [InlineData(3 * 1024 * 1024 + 7, SegmentShard)]
    [InlineData(5 * 1024 * 1024 + 3, ErasureStreamEncoder.DefaultSegmentShardLength)]
    [InlineData(4 * 1024 * 1024, ErasureStreamEncoder.DefaultSegmentShardLength)]
    public async Task EncodeAsync_Pipes_WritesSameBytesAsStreamEncoder(int length, int segmentShard)
    {
        byte[] data = RandomBytes(length, seed: length);
        var encoder = new ErasureStreamEncoder(ReedSolomon.Create(4, 2), segmentShard);
        byte[][] expected = await EncodeWithStreamsAsync(encoder, data);

        var input = new Pipe();
        Task producer = ProduceInChunksAsync(input.Writer, data, seed: length);
        var outputs = Enumerable.Range(0, Shards).Select(_ => new MemoryStream()).ToArray();
        var writers = outputs.Select(o => PipeWriter.Create(o, new StreamPipeWriterOptions(leaveOpen: true))).ToArray();
        long encoded = await encoder.EncodeAsync(input.Reader, writers);
        await producer;
        foreach (var writer in writers)
        {
            await writer.CompleteAsync();
        }

        Assert.Equal(length, encoded);
        for (int i = 0; i < Shards; i++)
        {
            Assert.Equal(expected[i], outputs[i].ToArray());
        }
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 0 })]
    [InlineData(new[] { 5 })]
    [InlineData(new[] { 0, 3 })]
    [InlineData(new[] { 1, 2 })]
    [InlineData(new[] { 4, 5 })]
    public async Task EncodeThenDecode_LivePipesUpToTwoMissing_RoundTrips(int[] missing)
    {
        byte[] data = RandomBytes(50_001, seed: 7 + missing.Sum());
        var (output, result) = await EncodeDecodeLiveAsync(data, SegmentShard, missing);
        Assert.Equal(data, output);
        Assert.Equal(data.Length, result.BytesWritten);
        Assert.Equal((data.Length / (4 * SegmentShard)) + 1, result.Segments);
        Assert.Equal(ShardMask.None, result.FailedShards);
    }

    [Fact]
    public async Task EncodeThenDecode_LivePipesDefaultSegmentSeveralMiB_RoundTrips()
    {
        byte[] data = RandomBytes(3 * 1024 * 1024 + 11, seed: 8);
        var (output, result) = await EncodeDecodeLiveAsync(data, ErasureStreamEncoder.DefaultSegmentShardLength, [1, 4]);
        Assert.Equal(data, output);
        Assert.Equal(4, result.Segments);
    }

    [Fact]
    public async Task DecodeAsync_CorruptPayloadByte_DropsThatShardAndRebuilds()
    {
        byte[] data = RandomBytes(12_345, seed: 9);
        byte[][] shards = await EncodeWithStreamsAsync(new ErasureStreamEncoder(ReedSolomon.Create(4, 2), SegmentShard), data);
        shards[1][SegmentHeader.Size + SegmentShard + SegmentHeader.Size + 10] ^= 1;
        var (output, result) = await DecodeFromBytesAsync(shards);
        Assert.Equal(data, output);
        Assert.Equal(ShardMask.None.With(1), result.FailedShards);
    }

    [Fact]
    public async Task DecodeAsync_ThreeShardsCorruptOrMissing_ThrowsTooFewShards()
    {
        byte[] data = RandomBytes(12_345, seed: 10);
        byte[][] shards = await EncodeWithStreamsAsync(new ErasureStreamEncoder(ReedSolomon.Create(4, 2), SegmentShard), data);
        shards[0][SegmentHeader.Size + 3] ^= 0x80;
        shards[2][28] ^= 1;
        var readers = shards.Select(s => (PipeReader?)PipeReader.Create(new ReadOnlySequence<byte>(s))).ToArray();
        readers[4] = null;
        var error = await Assert.ThrowsAsync<TooFewShardsException>(
            () => new ErasureStreamDecoder(ReedSolomon.Create(4, 2)).DecodeAsync(readers, new DiscardingPipeWriter()));
        Assert.Equal(3, error.Present);
    }

    [Fact]
    public async Task EncodeAsync_TokenCancelledWhileWaitingForInput_ThrowsOperationCanceled()
    {
        var input = new Pipe();
        using var cts = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Shards).Select(_ => (PipeWriter)new DiscardingPipeWriter()).ToArray();
        Task<long> encoding = new ErasureStreamEncoder(ReedSolomon.Create(4, 2), SegmentShard).EncodeAsync(input.Reader, writers, cts.Token);
        await input.Writer.WriteAsync(new byte[100]);
        Assert.False(encoding.IsCompleted);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => encoding);
    }

    [Fact]
    public async Task EncodeAsync_TokenCancelledWhileShardPipeFull_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        var full = new Pipe(new PipeOptions(pauseWriterThreshold: 64, resumeWriterThreshold: 32, useSynchronizationContext: false));
        var writers = Enumerable.Range(0, Shards).Select(i => i == 2 ? full.Writer : new DiscardingPipeWriter()).ToArray();
        Task<long> encoding = new ErasureStreamEncoder(ReedSolomon.Create(4, 2), SegmentShard)
            .EncodeAsync(PipeReader.Create(new ReadOnlySequence<byte>(RandomBytes(10_000, seed: 11))), writers, cts.Token);
        Assert.False(encoding.IsCompleted);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => encoding);
    }

    [Fact]
    public async Task DecodeAsync_TokenCancelledWhileWaitingForShards_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        var pipes = Enumerable.Range(0, Shards).Select(_ => new Pipe()).ToArray();
        Task<StreamDecodeResult> decoding = new ErasureStreamDecoder(ReedSolomon.Create(4, 2))
            .DecodeAsync(pipes.Select(p => (PipeReader?)p.Reader).ToArray(), new DiscardingPipeWriter(), cts.Token);
        Assert.False(decoding.IsCompleted);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => decoding);
    }

    [Fact]
    public async Task DecodeAsync_PendingReadCancelled_ThrowsOperationCanceledNamingThePipe()
    {
        var pipes = Enumerable.Range(0, Shards).Select(_ => new Pipe()).ToArray();
        Task<StreamDecodeResult> decoding = new ErasureStreamDecoder(ReedSolomon.Create(4, 2))
            .DecodeAsync(pipes.Select(p => (PipeReader?)p.Reader).ToArray(), new DiscardingPipeWriter());
        pipes[0].Reader.CancelPendingRead();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => decoding);
        Assert.Contains("shard pipe 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EncodeAsync_ShardReaderCompleted_ThrowsErasureCodingException()
    {
        var gone = new Pipe();
        await gone.Reader.CompleteAsync();
        var writers = Enumerable.Range(0, Shards).Select(i => i == 3 ? gone.Writer : new DiscardingPipeWriter()).ToArray();
        var error = await Assert.ThrowsAsync<ErasureCodingException>(() => new ErasureStreamEncoder(ReedSolomon.Create(4, 2), SegmentShard)
            .EncodeAsync(PipeReader.Create(new ReadOnlySequence<byte>(new byte[10])), writers));
        Assert.Contains("shard pipe 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EncodeAsync_WrongOutputCount_ThrowsShardCountException()
    {
        var encoder = new ErasureStreamEncoder(ReedSolomon.Create(), SegmentShard);
        await Assert.ThrowsAsync<ShardCountException>(() => encoder.EncodeAsync(new Pipe().Reader, [new Pipe().Writer]));
    }

    [Fact]
    public async Task EncodeAndDecode_32MiBThroughPipes_AllocateUnder16KiBAfterWarmUp()
    {
        const int segmentShard = 64 * 1024;
        const int length = 32 * 1024 * 1024;
        byte[] data = RandomBytes(length, seed: 12);
        var encoder = new ErasureStreamEncoder(ReedSolomon.Create(4, 2), segmentShard);
        var decoder = new ErasureStreamDecoder(ReedSolomon.Create(4, 2));
        byte[][] shards = await EncodeWithStreamsAsync(encoder, data);

        // Warm up the pools and the JIT on this thread; every call below completes synchronously
        // (sequence readers, synchronous flushes), so the whole run stays on this thread.
        // The discarding writers' 64 KiB buffers are made before measuring.
        var sinks = Enumerable.Range(0, Shards).Select(_ => (PipeWriter)new DiscardingPipeWriter()).ToArray();
        var decoded = new DiscardingPipeWriter();
        Assert.True(Encode(encoder, data, sinks).IsCompletedSuccessfully);
        Assert.True(Decode(decoder, shards, decoded).IsCompletedSuccessfully);
        decoded = new DiscardingPipeWriter();

        long before = GC.GetAllocatedBytesForCurrentThread();
        Task<long> encoding = Encode(encoder, data, sinks);
        long encodeAllocated = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        Task<StreamDecodeResult> decoding = Decode(decoder, shards, decoded);
        long decodeAllocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(encoding.IsCompletedSuccessfully);
        Assert.True(decoding.IsCompletedSuccessfully);
        Assert.Equal(length, await encoding);
        Assert.Equal(length, (await decoding).BytesWritten);
        Assert.Equal(length, decoded.BytesWritten);
        log.WriteLine($"32 MiB, 4+2, L = 64 KiB: encode allocated {encodeAllocated} B, decode allocated {decodeAllocated} B");
        Assert.InRange(encodeAllocated, 0, 16 * 1024);
        Assert.InRange(decodeAllocated, 0, 16 * 1024);

        static Task<long> Encode(ErasureStreamEncoder encoder, byte[] data, PipeWriter[] sinks) =>
            encoder.EncodeAsync(PipeReader.Create(new ReadOnlySequence<byte>(data)), sinks);

        static Task<StreamDecodeResult> Decode(ErasureStreamDecoder decoder, byte[][] shards, PipeWriter output) =>
            decoder.DecodeAsync(shards.Select(s => (PipeReader?)PipeReader.Create(new ReadOnlySequence<byte>(s))).ToArray(), output);
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static async Task<byte[][]> EncodeWithStreamsAsync(ErasureStreamEncoder encoder, byte[] data)
    {
        var outputs = Enumerable.Range(0, Shards).Select(_ => new MemoryStream()).ToArray();
        await encoder.EncodeAsync(new MemoryStream(data), outputs);
        return outputs.Select(o => o.ToArray()).ToArray();
    }

    private static async Task<(byte[] Output, StreamDecodeResult Result)> DecodeFromBytesAsync(byte[][] shards)
    {
        var output = new MemoryStream();
        var writer = PipeWriter.Create(output, new StreamPipeWriterOptions(leaveOpen: true));
        var readers = shards.Select(s => (PipeReader?)PipeReader.Create(new ReadOnlySequence<byte>(s))).ToArray();
        var result = await new ErasureStreamDecoder(ReedSolomon.Create(4, 2)).DecodeAsync(readers, writer);
        await writer.CompleteAsync();
        return (output.ToArray(), result);
    }

    /// <summary>
    /// Runs the encoder and decoder at once over real pipes with bounded thresholds: resume above
    /// L + 32 as the encoder's remarks require, pause at twice that.
    /// </summary>
    private static async Task<(byte[] Output, StreamDecodeResult Result)> EncodeDecodeLiveAsync(byte[] data, int segmentShard, int[] missing)
    {
        var codec = ReedSolomon.Create(4, 2);
        var options = new PipeOptions(pauseWriterThreshold: 2 * (segmentShard + 64), resumeWriterThreshold: segmentShard + 64, useSynchronizationContext: false);
        var pipes = Enumerable.Range(0, Shards).Select(_ => new Pipe(options)).ToArray();
        var writers = pipes.Select((p, i) => missing.Contains(i) ? PipeWriter.Create(Stream.Null) : p.Writer).ToArray();
        var readers = pipes.Select((p, i) => missing.Contains(i) ? null : (PipeReader?)p.Reader).ToArray();
        var input = new Pipe(options);
        var output = new Pipe(options);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        Task producer = ProduceInChunksAsync(input.Writer, data, seed: data.Length);
        Task<long> encoding = EncodeAndCompleteAsync();
        Task<StreamDecodeResult> decoding = DecodeAndCompleteAsync();
        var collected = new MemoryStream();
        await output.Reader.CopyToAsync(collected, timeout.Token);
        await Task.WhenAll(producer, encoding, decoding);
        Assert.Equal(data.Length, await encoding);
        return (collected.ToArray(), await decoding);

        async Task<long> EncodeAndCompleteAsync()
        {
            long encoded = await new ErasureStreamEncoder(codec, segmentShard).EncodeAsync(input.Reader, writers, timeout.Token);
            foreach (var writer in writers)
            {
                await writer.CompleteAsync();
            }

            return encoded;
        }

        async Task<StreamDecodeResult> DecodeAndCompleteAsync()
        {
            var result = await new ErasureStreamDecoder(codec).DecodeAsync(readers, output.Writer, timeout.Token);
            await output.Writer.CompleteAsync();
            return result;
        }
    }

    /// <summary>Writes <paramref name="data"/> in random chunks of 1 byte to 70 KB, flushing each, then completes.</summary>
    private static async Task ProduceInChunksAsync(PipeWriter writer, byte[] data, int seed)
    {
        var random = new Random(seed);
        for (int offset = 0; offset < data.Length;)
        {
            int chunk = Math.Min(data.Length - offset, 1 + random.Next(70_000));
            await writer.WriteAsync(data.AsMemory(offset, chunk));
            offset += chunk;
        }

        await writer.CompleteAsync();
    }
}
