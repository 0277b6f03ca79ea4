namespace Zhtp.Storage.Types.MessagePack;

/// <summary>
/// Thrown by <see cref="MessagePackReader"/> for every kind of bad input: truncated data, a token of the wrong type,
/// an integer that does not fit, a length larger than the bytes left, nesting deeper than
/// <see cref="MessagePackSecurity.MaximumObjectGraphDepth"/>. The message names what was expected, what was found and
/// the byte offset; <see cref="Offset"/> carries the offset too.
/// </summary>
public class MessagePackSerializationException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public MessagePackSerializationException()
        : base("The MessagePack input is malformed.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What was wrong.</param>
    public MessagePackSerializationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="innerException">The underlying cause (for example an <see cref="OverflowException"/>).</param>
    public MessagePackSerializationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception that records where in the input the problem is.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="offset">The byte offset of the offending token from the start of the reader's input.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public MessagePackSerializationException(string message, long offset, Exception? innerException = null)
        : base(message, innerException)
    {
        Offset = offset;
    }

    /// <summary>The byte offset of the offending token from the start of the input, or −1 when unknown.</summary>
    public long Offset { get; } = -1;
}
