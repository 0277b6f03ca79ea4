using System.Buffers;
using System.IO.Pipelines;

namespace Zhtp.Storage.Erasure.Streaming;

/// <summary>
/// Erasure-codes a stream of any length into k + m shard streams, one bounded segment at a time:
/// each segment reads up to k·L input bytes (L = <see cref="SegmentShardLength"/>), splits them into
/// k data shards (see <see cref="ShardSplitter"/>), computes m parity shards and writes to every
/// shard stream a 32-byte header followed by the shard's bytes. Headers carry the segment's
/// original length, a last-segment flag and a CRC-32C, so <see cref="ErasureStreamDecoder"/> can
/// drop damaged shards and rebuild from any k; the layout is in docs/erasure.md. Works over
/// <see cref="Stream"/>s or <see cref="PipeReader"/>/<see cref="PipeWriter"/>s with the same output.
/// </summary>
/// <remarks>
/// Memory: (k + m)·L bytes of pooled buffers per call, whatever the input length. An input that is
/// an exact multiple of k·L ends with an empty last segment. Not thread-safe per call; one encoder
/// may serve concurrent calls (it holds no per-call state).
/// </remarks>
public sealed class ErasureStreamEncoder
{
    /// <summary>The default segment shard length: 256 KiB (a 1 MiB data segment for 4+2).</summary>
    public const int DefaultSegmentShardLength = 256 * 1024;

    /// <summary>Creates an encoder for <paramref name="codec"/>.</summary>
    /// <param name="codec">The code to apply.</param>
    /// <param name="segmentShardLength">Bytes per shard per segment, L ≥ 1, with (k + m)·L ≤ <see cref="Array.MaxLength"/>.</param>
    public ErasureStreamEncoder(ReedSolomonCodec codec, int segmentShardLength = DefaultSegmentShardLength)
    {
        Codec = SegmentHeader.CheckShape(codec, segmentShardLength, nameof(segmentShardLength));
        SegmentShardLength = segmentShardLength;
    }

    /// <summary>The code applied.</summary>
    public ReedSolomonCodec Codec { get; }

    /// <summary>Bytes per shard in a full segment (L).</summary>
    public int SegmentShardLength { get; }

    /// <summary>Reads <paramref name="input"/> to its end and writes the k + m shard streams.</summary>
    /// <param name="input">The data; read to the end.</param>
    /// <param name="shardOutputs">k + m writable streams, data shards first; not flushed or closed here.</param>
    /// <param name="cancellationToken">Cancels between reads and writes.</param>
    /// <returns>The number of input bytes encoded.</returns>
    /// <exception cref="ShardCountException">Not k + m outputs.</exception>
    public Task<long> EncodeAsync(Stream input, IReadOnlyList<Stream> shardOutputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return EncodeCoreAsync(new StreamEndpoint(input), Sinks(shardOutputs, static (output, _) => new StreamEndpoint(output)), cancellationToken);
    }

    /// <summary>
    /// Reads <paramref name="input"/> until its writer completes and writes the k + m shard pipes,
    /// byte for byte the same shard streams as the <see cref="Stream"/> overload.
    /// </summary>
    /// <param name="input">The data; read until completed, and advanced past every byte read. Not completed here.</param>
    /// <param name="shardOutputs">
    /// k + m pipe writers, data shards first. Each segment's header and shard bytes are written and
    /// then flushed once, so a writer's pause threshold holds the encoder back (back-pressure). Not
    /// completed here: complete them after the call returns.
    /// </param>
    /// <param name="cancellationToken">Cancels pending reads and flushes.</param>
    /// <returns>The number of input bytes encoded.</returns>
    /// <remarks>
    /// Memory: the (k + m)·L pooled segment buffer, plus in each shard pipe what its reader has not
    /// yet consumed — at most its pause threshold + L + 32 bytes, since a flush waits while the pipe
    /// is above that threshold. The input pipe holds only what its writer wrote ahead.
    /// The encoder fills the shard pipes in turn, so a reader that takes them in lockstep (such as
    /// <see cref="ErasureStreamDecoder"/>) needs each shard pipe's resume threshold above L + 32
    /// (or pausing off), otherwise the encoder waits on one pipe while the reader waits on the next.
    /// </remarks>
    /// <exception cref="ShardCountException">Not k + m outputs.</exception>
    /// <exception cref="ErasureCodingException">A shard pipe's reader completed before the end.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled or a pending read or flush was cancelled.</exception>
    public Task<long> EncodeAsync(PipeReader input, IReadOnlyList<PipeWriter> shardOutputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return EncodeCoreAsync(new PipeEndpoint(input, "the input pipe"), Sinks(shardOutputs, static (output, i) => new PipeEndpoint(output, $"shard pipe {i}")), cancellationToken);
    }

    /// <summary>Checks there are k + m non-null outputs and wraps each as a sink.</summary>
    private ISegmentSink[] Sinks<T>(IReadOnlyList<T> shardOutputs, Func<T, int, ISegmentSink> wrap)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(shardOutputs);
        if (shardOutputs.Count != Codec.TotalShards)
        {
            throw new ShardCountException("shard outputs", Codec.TotalShards, shardOutputs.Count);
        }

        var sinks = new ISegmentSink[shardOutputs.Count];
        for (int i = 0; i < sinks.Length; i++)
        {
            sinks[i] = wrap(shardOutputs[i] ?? throw new ArgumentNullException(nameof(shardOutputs), $"Shard output {i} is null; pass a writable output for every shard."), i);
        }

        return sinks;
    }

    /// <summary>The segment loop behind both overloads: read, split, encode, write header and shard.</summary>
    private async Task<long> EncodeCoreAsync(ISegmentSource input, ISegmentSink[] shardOutputs, CancellationToken cancellationToken)
    {
        int k = Codec.DataShards;
        int n = Codec.TotalShards;
        int segmentData = k * SegmentShardLength;
        byte[] stripe = ArrayPool<byte>.Shared.Rent(n * SegmentShardLength);
        byte[] headers = ArrayPool<byte>.Shared.Rent(n * SegmentHeader.Size);
        try
        {
            var shards = new Memory<byte>[n];
            var data = new ReadOnlyMemory<byte>[k];
            long total = 0;
            for (long segment = 0; ; segment++)
            {
                int read = await input.ReadAsync(stripe.AsMemory(0, segmentData), cancellationToken).ConfigureAwait(false);
                bool last = read < segmentData;
                int length = ShardSplitter.Slice(stripe, read, shards.AsSpan(0, k));
                for (int i = 0; i < n; i++)
                {
                    shards[i] = stripe.AsMemory(i * length, length);
                    if (i < k)
                    {
                        data[i] = shards[i];
                    }
                }

                Codec.Encode(data, shards.AsSpan(k));
                for (int i = 0; i < n; i++)
                {
                    var header = headers.AsMemory(i * SegmentHeader.Size, SegmentHeader.Size);
                    new SegmentHeader(last, k, Codec.ParityShards, i, length, segment, read).Write(header.Span, shards[i].Span);
                    await shardOutputs[i].WriteAsync(header, shards[i], cancellationToken).ConfigureAwait(false);
                }

                total += read;
                if (last)
                {
                    return total;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(stripe);
            ArrayPool<byte>.Shared.Return(headers);
        }
    }
}
