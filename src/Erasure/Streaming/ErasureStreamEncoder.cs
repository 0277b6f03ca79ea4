using System.Buffers;

namespace Zhtp.Storage.Erasure.Streaming;

/// <summary>
/// Erasure-codes a stream of any length into k + m shard streams, one bounded segment at a time:
/// each segment reads up to k·L input bytes (L = <see cref="SegmentShardLength"/>), splits them into
/// k data shards (see <see cref="ShardSplitter"/>), computes m parity shards and writes to every
/// shard stream a 32-byte header followed by the shard's bytes. Headers carry the segment's
/// original length, a last-segment flag and a CRC-32C, so <see cref="ErasureStreamDecoder"/> can
/// drop damaged shards and rebuild from any k; the layout is in docs/erasure.md.
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
    public async Task<long> EncodeAsync(Stream input, IReadOnlyList<Stream> shardOutputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(shardOutputs);
        int k = Codec.DataShards;
        int n = Codec.TotalShards;
        if (shardOutputs.Count != n)
        {
            throw new ShardCountException("shard output streams", n, shardOutputs.Count);
        }

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
                int read = await input.ReadAtLeastAsync(stripe.AsMemory(0, segmentData), segmentData, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
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
                    await shardOutputs[i].WriteAsync(header, cancellationToken).ConfigureAwait(false);
                    await shardOutputs[i].WriteAsync(shards[i], cancellationToken).ConfigureAwait(false);
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
