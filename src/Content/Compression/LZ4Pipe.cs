using System.Buffers;
using System.IO.Pipelines;

namespace Zhtp.Storage.Content.Compression;

/// <summary>
/// LZ4 frame compression and decompression between System.IO.Pipelines readers and writers.
/// Each call reads its source to the end and flushes to the destination after
/// every block, so memory stays bounded by the block size plus the pipes' own thresholds. The
/// caller completes both pipes.
/// </summary>
public static class LZ4Pipe
{
    /// <summary>Compresses everything read from <paramref name="source"/> into one LZ4 frame on <paramref name="destination"/>.</summary>
    /// <param name="source">The content.</param>
    /// <param name="destination">Receives the frame.</param>
    /// <param name="settings">Frame options; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    public static async Task CompressAsync(PipeReader source, PipeWriter destination, LZ4EncoderSettings? settings = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        using var encoder = new LZ4FrameEncoder(settings ?? new LZ4EncoderSettings());
        while (true)
        {
            ReadResult result = await source.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            while (AppendUntilBlock(encoder, ref buffer))
            {
                destination.Write(encoder.FlushBlock().Span);
                await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            source.AdvanceTo(buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        destination.Write(encoder.Finish().Span);
        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Decompresses the LZ4 frames read from <paramref name="source"/> onto
    /// <paramref name="destination"/> (concatenated frames joined, skippable frames skipped).
    /// </summary>
    /// <param name="source">The frames.</param>
    /// <param name="destination">Receives the content.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <exception cref="LZ4FormatException">The data is not valid LZ4 frames or is truncated.</exception>
    public static async Task DecompressAsync(PipeReader source, PipeWriter destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        using var decoder = new LZ4FrameDecoder();
        while (true)
        {
            ReadResult result = await source.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            while (DecodeUntilBlock(decoder, ref buffer, destination))
            {
                await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            source.AdvanceTo(buffer.End);
            if (result.IsCompleted)
            {
                decoder.Complete();
                return;
            }
        }
    }

    private static bool AppendUntilBlock(LZ4FrameEncoder encoder, ref ReadOnlySequence<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int taken = encoder.Append(buffer.FirstSpan);
            buffer = buffer.Slice(taken);
            if (encoder.IsBlockFull)
            {
                return true;
            }
        }

        return false;
    }

    private static bool DecodeUntilBlock(LZ4FrameDecoder decoder, ref ReadOnlySequence<byte> buffer, PipeWriter destination)
    {
        while (!buffer.IsEmpty)
        {
            int consumed = decoder.Decode(buffer.FirstSpan, out ReadOnlyMemory<byte> block);
            buffer = buffer.Slice(consumed);
            if (!block.IsEmpty)
            {
                destination.Write(block.Span);
                return true;
            }
        }

        return false;
    }
}
