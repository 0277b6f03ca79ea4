namespace Zhtp.Storage.Content;

/// <summary>A read or seek asked for bytes past the end of the content.</summary>
public sealed class ContentRangeException : ContentException
{
    /// <summary>Creates the exception.</summary>
    public ContentRangeException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ContentRangeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ContentRangeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for <paramref name="offset"/> in content of <paramref name="length"/> bytes.</summary>
    public ContentRangeException(long offset, long length)
        : base($"Offset {offset:N0} is past the end of the content ({length:N0} bytes); ranges must start below the length.")
    {
        Offset = offset;
        Length = length;
    }

    /// <summary>The offset asked for.</summary>
    public long Offset { get; }

    /// <summary>The content's length.</summary>
    public long Length { get; }
}
