using System.Buffers;
using System.IO.Pipelines;

namespace Zhtp.Storage.Erasure.Streaming;

/// <summary>
/// Reads the shard streams written by <see cref="ErasureStreamEncoder"/> and writes back the
/// original bytes, rebuilding from any k intact shard streams. A shard stream whose header is
/// damaged or disagrees with the others, whose CRC-32C does not match, or that ends early is
/// dropped for the rest of the stream and reported in <see cref="StreamDecodeResult.FailedShards"/>. Works over <see cref="Stream"/>s or
/// <see cref="PipeReader"/>/<see cref="PipeWriter"/>s.
/// </summary>
/// <remarks>
/// Memory: (k + m)·L pooled bytes for the largest segment seen; a header announcing a shard longer
/// than <see cref="MaxSegmentShardLength"/> counts as damaged, so hostile input cannot make it
/// allocate more.
/// </remarks>
public sealed class ErasureStreamDecoder
{
    /// <summary>The default limit on a segment's shard length: 16 MiB.</summary>
    public const int DefaultMaxSegmentShardLength = 16 * 1024 * 1024;

    /// <summary>Creates a decoder for <paramref name="codec"/>.</summary>
    /// <param name="codec">The code the streams were written with.</param>
    /// <param name="maxSegmentShardLength">The longest shard segment accepted, ≥ 1.</param>
    public ErasureStreamDecoder(ReedSolomonCodec codec, int maxSegmentShardLength = DefaultMaxSegmentShardLength)
    {
        Codec = SegmentHeader.CheckShape(codec, maxSegmentShardLength, nameof(maxSegmentShardLength));
        MaxSegmentShardLength = maxSegmentShardLength;
    }

    /// <summary>The code the streams were written with.</summary>
    public ReedSolomonCodec Codec { get; }

    /// <summary>The longest shard segment accepted.</summary>
    public int MaxSegmentShardLength { get; }

    /// <summary>Decodes the shard streams into <paramref name="output"/>.</summary>
    /// <param name="shardInputs">k + m entries, data shards first; null for a shard stream that is not available.</param>
    /// <param name="output">Receives the original bytes; not flushed or closed here.</param>
    /// <param name="cancellationToken">Cancels between reads and writes.</param>
    /// <exception cref="ShardCountException">Not k + m entries.</exception>
    /// <exception cref="TooFewShardsException">Fewer than k shard streams are intact for a segment.</exception>
    public Task<StreamDecodeResult> DecodeAsync(IReadOnlyList<Stream?> shardInputs, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        return DecodeCoreAsync(Sources(shardInputs, static (input, _) => new StreamEndpoint(input)), new StreamEndpoint(output), cancellationToken);
    }

    /// <summary>
    /// Decodes shard pipes written by either <see cref="ErasureStreamEncoder"/> overload into
    /// <paramref name="output"/>; the same checks and result as the <see cref="Stream"/> overload.
    /// </summary>
    /// <param name="shardInputs">
    /// k + m entries, data shards first; null for a shard that is not available. Each reader is
    /// advanced past every byte read and left at the end of the last segment (or where it was
    /// dropped); not completed here.
    /// </param>
    /// <param name="output">Receives the original bytes, flushed once per segment so its pause threshold applies; not completed here.</param>
    /// <param name="cancellationToken">Cancels pending reads and flushes.</param>
    /// <remarks>
    /// Memory: the (k + m)·L pooled buffer for the largest segment seen (L ≤
    /// <see cref="MaxSegmentShardLength"/>), plus in the output pipe what its reader has not yet
    /// consumed — at most its pause threshold + k·L bytes. The shard pipes are consumed as they are
    /// read, so they hold only what their writers wrote ahead.
    /// </remarks>
    /// <exception cref="ShardCountException">Not k + m entries.</exception>
    /// <exception cref="TooFewShardsException">Fewer than k shard pipes are intact for a segment.</exception>
    /// <exception cref="ErasureCodingException">The output pipe's reader completed before the end.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled or a pending read or flush was cancelled.</exception>
    public Task<StreamDecodeResult> DecodeAsync(IReadOnlyList<PipeReader?> shardInputs, PipeWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        return DecodeCoreAsync(Sources(shardInputs, static (input, i) => new PipeEndpoint(input, $"shard pipe {i}")), new PipeEndpoint(output, "the output pipe"), cancellationToken);
    }

    /// <summary>Checks there are k + m entries and wraps each present one as a source.</summary>
    private ISegmentSource?[] Sources<T>(IReadOnlyList<T?> shardInputs, Func<T, int, ISegmentSource> wrap)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(shardInputs);
        if (shardInputs.Count != Codec.TotalShards)
        {
            throw new ShardCountException("shard inputs (null for missing ones)", Codec.TotalShards, shardInputs.Count);
        }

        var sources = new ISegmentSource?[shardInputs.Count];
        for (int i = 0; i < sources.Length; i++)
        {
            sources[i] = shardInputs[i] is { } input ? wrap(input, i) : null;
        }

        return sources;
    }

    /// <summary>The segment loop behind both overloads: headers, majority, payloads, rebuild, write.</summary>
    private async Task<StreamDecodeResult> DecodeCoreAsync(ISegmentSource?[] shardInputs, ISegmentSink output, CancellationToken cancellationToken)
    {
        int k = Codec.DataShards;
        int n = Codec.TotalShards;
        var live = ShardMask.None;
        for (int i = 0; i < n; i++)
        {
            if (shardInputs[i] is not null)
            {
                live = live.With(i);
            }
        }

        var failed = ShardMask.None;
        byte[] headerBytes = new byte[n * SegmentHeader.Size];
        var headers = new SegmentHeader[n];
        var shards = new Memory<byte>[n];
        byte[] stripe = [];
        long written = 0;
        try
        {
            for (long segment = 0; ; segment++)
            {
                for (int i = 0; i < n; i++)
                {
                    if (live.Contains(i) && !await TryReadHeaderAsync(shardInputs[i]!, headerBytes.AsMemory(i * SegmentHeader.Size, SegmentHeader.Size), i, segment, cancellationToken).ConfigureAwait(false))
                    {
                        (live, failed) = (live.Without(i), failed.With(i));
                    }
                }

                for (int i = 0; i < n; i++)
                {
                    if (live.Contains(i))
                    {
                        SegmentHeader.TryRead(headerBytes.AsSpan(i * SegmentHeader.Size), out headers[i]);
                    }
                }

                SegmentHeader reference = MostAgreed(headers, live);
                for (int i = 0; i < n; i++)
                {
                    if (live.Contains(i) && !headers[i].SameSegment(reference))
                    {
                        (live, failed) = (live.Without(i), failed.With(i));
                    }
                }

                RequireEnough(live);
                int length = reference.ShardLength;
                if (stripe.Length < n * length)
                {
                    ReturnToPool(stripe);
                    stripe = [];
                    stripe = ArrayPool<byte>.Shared.Rent(n * length);
                }

                for (int i = 0; i < n; i++)
                {
                    shards[i] = stripe.AsMemory(i * length, length);
                    if (live.Contains(i) && !await TryReadPayloadAsync(shardInputs[i]!, headerBytes.AsMemory(i * SegmentHeader.Size, SegmentHeader.Size), shards[i], cancellationToken).ConfigureAwait(false))
                    {
                        (live, failed) = (live.Without(i), failed.With(i));
                    }
                }

                RequireEnough(live);
                bool dataMissing = false;
                for (int i = 0; i < k; i++)
                {
                    dataMissing |= !live.Contains(i);
                }

                if (dataMissing)
                {
                    Codec.ReconstructData(shards, live);
                }

                await output.WriteAsync(ReadOnlyMemory<byte>.Empty, stripe.AsMemory(0, reference.DataLength), cancellationToken).ConfigureAwait(false);
                written += reference.DataLength;
                if (reference.IsLast)
                {
                    return new StreamDecodeResult(written, segment + 1, failed);
                }
            }
        }
        finally
        {
            ReturnToPool(stripe);
        }
    }

    private async ValueTask<bool> TryReadHeaderAsync(ISegmentSource input, Memory<byte> header, int shardIndex, long segment, CancellationToken cancellationToken)
    {
        int read = await input.ReadAsync(header, cancellationToken).ConfigureAwait(false);
        return read == SegmentHeader.Size
            && SegmentHeader.TryRead(header.Span, out var parsed)
            && parsed.DataShards == Codec.DataShards
            && parsed.ParityShards == Codec.ParityShards
            && parsed.ShardIndex == shardIndex
            && parsed.SegmentIndex == segment
            && parsed.ShardLength <= MaxSegmentShardLength;
    }

    private static async ValueTask<bool> TryReadPayloadAsync(ISegmentSource input, ReadOnlyMemory<byte> header, Memory<byte> payload, CancellationToken cancellationToken)
    {
        int read = await input.ReadAsync(payload, cancellationToken).ConfigureAwait(false);
        return read == payload.Length && SegmentHeader.ChecksumMatches(header.Span, payload.Span);
    }

    /// <summary>The header (shard index aside) that the most live shards carry.</summary>
    private static SegmentHeader MostAgreed(SegmentHeader[] headers, ShardMask live)
    {
        SegmentHeader best = default;
        int bestVotes = 0;
        for (int i = 0; i < headers.Length; i++)
        {
            if (!live.Contains(i))
            {
                continue;
            }

            int votes = 0;
            for (int j = 0; j < headers.Length; j++)
            {
                votes += live.Contains(j) && headers[j].SameSegment(headers[i]) ? 1 : 0;
            }

            if (votes > bestVotes)
            {
                (best, bestVotes) = (headers[i], votes);
            }
        }

        return best;
    }

    private static void ReturnToPool(byte[] buffer)
    {
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void RequireEnough(ShardMask live)
    {
        if (live.Count < Codec.DataShards)
        {
            throw new TooFewShardsException(live.Count, Codec.DataShards);
        }
    }
}
