namespace Zhtp.Storage.Content.Compression;

/// <summary>
/// LZ4 frame streams, shaped like K4os.Compression.LZ4.Streams' <c>LZ4Stream</c>. The returned
/// streams are forward-only and not thread-safe; memory is bounded by the block size.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The name mirrors K4os.Compression.LZ4.Streams.LZ4Stream.")]
public static class LZ4Stream
{
    /// <summary>
    /// A write-only stream that compresses what is written to it into an LZ4 frame on
    /// <paramref name="stream"/>. Disposing it writes the end of the frame (and disposes
    /// <paramref name="stream"/> unless <paramref name="leaveOpen"/>); <see cref="Stream.Flush"/>
    /// emits the bytes buffered so far as a (shorter) block.
    /// </summary>
    /// <param name="stream">Where the frame is written.</param>
    /// <param name="settings">Frame options; null for the defaults.</param>
    /// <param name="leaveOpen">Keep <paramref name="stream"/> open after disposal.</param>
    public static Stream Encode(Stream stream, LZ4EncoderSettings? settings = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new LZ4EncoderStream(stream, new LZ4FrameEncoder(settings ?? new LZ4EncoderSettings()), leaveOpen);
    }

    /// <summary>
    /// A read-only stream of the content of the LZ4 frames read from <paramref name="stream"/>
    /// (concatenated frames joined, skippable frames skipped). Reads throw
    /// <see cref="LZ4FormatException"/> on corrupt or truncated data.
    /// </summary>
    /// <param name="stream">Where the frames are read from.</param>
    /// <param name="leaveOpen">Keep <paramref name="stream"/> open after disposal.</param>
    public static Stream Decode(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new LZ4DecoderStream(stream, leaveOpen);
    }
}
