namespace Zhtp.Storage.Content;

/// <summary>The base of every error the content manager throws; the message says what was wrong and what to do.</summary>
public class ContentException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ContentException()
    {
    }

    /// <summary>Creates the exception with a message saying what was wrong.</summary>
    public ContentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ContentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
