namespace Zhtp.Storage.Content;

/// <summary>The caller's identity may not do this: only the owner updates or deletes content, and only holders of a wrapped key read encrypted content.</summary>
public sealed class ContentAccessDeniedException : ContentException
{
    /// <summary>Creates the exception.</summary>
    public ContentAccessDeniedException()
    {
    }

    /// <summary>Creates the exception with a message saying what was refused and why.</summary>
    public ContentAccessDeniedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ContentAccessDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
