namespace Zhtp.Storage.Content.Compression;

/// <summary>
/// Thrown when LZ4 input is malformed: a block whose sequences run past its end or point before
/// the start of the output, a frame with a bad magic number, header checksum, block size or
/// checksum, or a stream that ends in the middle of a frame. The data cannot be decoded; fetch it
/// again or check that it really is LZ4 data (frame format for streams, raw block for
/// <see cref="LZ4Codec.Decode(ReadOnlySpan{byte}, Span{byte})"/>). An <see cref="IOException"/>
/// (<see cref="InvalidDataException"/> is sealed), so stream callers catch it with other I/O errors.
/// </summary>
public sealed class LZ4FormatException : IOException
{
    /// <summary>Creates the exception with a default message.</summary>
    public LZ4FormatException()
        : base("The LZ4 data is malformed.")
    {
    }

    /// <summary>Creates the exception with a message saying what was wrong.</summary>
    /// <param name="message">What was wrong and what to do.</param>
    public LZ4FormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What was wrong and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public LZ4FormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
