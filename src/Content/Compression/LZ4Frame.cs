using System.Buffers;

namespace Zhtp.Storage.Content.Compression;

/// <summary>
/// One-shot LZ4 frame encoding and decoding between a span and an <see cref="IBufferWriter{T}"/>.
/// Thread-safe; working memory is pooled and bounded by the block size.
/// </summary>
public static class LZ4Frame
{
    /// <summary>Writes <paramref name="source"/> as one LZ4 frame to <paramref name="target"/>; returns the bytes written.</summary>
    /// <param name="source">The content.</param>
    /// <param name="target">Receives the frame.</param>
    /// <param name="settings">Frame options; null for the defaults.</param>
    public static long Encode(ReadOnlySpan<byte> source, IBufferWriter<byte> target, LZ4EncoderSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var encoder = new LZ4FrameEncoder(settings ?? new LZ4EncoderSettings());
        long written = 0;
        while (!source.IsEmpty)
        {
            source = source[encoder.Append(source)..];
            if (encoder.IsBlockFull)
            {
                written += Write(target, encoder.FlushBlock().Span);
            }
        }

        return written + Write(target, encoder.Finish().Span);
    }

    /// <summary>
    /// Decodes every LZ4 frame in <paramref name="source"/> (concatenated frames are joined,
    /// skippable frames skipped) into <paramref name="target"/>; returns the bytes written.
    /// </summary>
    /// <exception cref="LZ4FormatException">The data is not valid LZ4 frames or is truncated.</exception>
    public static long Decode(ReadOnlySpan<byte> source, IBufferWriter<byte> target)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var decoder = new LZ4FrameDecoder();
        long written = 0;
        while (!source.IsEmpty)
        {
            source = source[decoder.Decode(source, out ReadOnlyMemory<byte> block)..];
            written += Write(target, block.Span);
        }

        decoder.Complete();
        return written;
    }

    private static int Write(IBufferWriter<byte> target, ReadOnlySpan<byte> bytes)
    {
        target.Write(bytes);
        return bytes.Length;
    }
}
