namespace Zhtp.Storage.Content.Compression;

/// <summary>
/// Options of an LZ4 frame written by <see cref="LZ4Stream.Encode"/>, <see cref="LZ4Pipe"/> or
/// <see cref="LZ4Frame.Encode"/>. The defaults match the reference <c>lz4</c> command: fast level,
/// independent blocks, content checksum on, no block checksums (but 64 KiB blocks, not 4 MiB,
/// to keep memory small). Validated when a frame encoder is created.
/// </summary>
public sealed class LZ4EncoderSettings
{
    /// <summary>
    /// The exact number of bytes that will be written, stored in the frame header (lz4
    /// <c>--content-size</c>); null leaves the field out. Writing a different count fails when
    /// the frame is finished.
    /// </summary>
    public long? ContentLength { get; set; }

    /// <summary>
    /// Linked blocks (lz4 <c>-BD</c>): each block may refer to the previous 64 KiB, for a better
    /// ratio on small blocks; a reader must then decode the frame from its start.
    /// </summary>
    public bool ChainBlocks { get; set; }

    /// <summary>
    /// Maximum block size: 64 KiB, 256 KiB, 1 MiB or 4 MiB (lz4 <c>-B4</c>..<c>-B7</c>); other
    /// values in 1..4 MiB are rounded up to the next of these. Encoder and decoder each hold
    /// about two blocks of this size.
    /// </summary>
    public int BlockSize { get; set; } = LZ4FrameFormat.MinBlockSize;

    /// <summary>xxHash32 of the whole content after the last block (on by default).</summary>
    public bool ContentChecksum { get; set; } = true;

    /// <summary>xxHash32 after every block (lz4 <c>-BX</c>).</summary>
    public bool BlockChecksum { get; set; }

    /// <summary>Compression level of the blocks.</summary>
    public LZ4Level CompressionLevel { get; set; } = LZ4Level.L00_FAST;
}
