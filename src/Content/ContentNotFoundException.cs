namespace Zhtp.Storage.Content;

/// <summary>The content (or the requested version of it) does not resolve: it never existed here, or its owner deleted it.</summary>
public sealed class ContentNotFoundException : ContentException
{
    /// <summary>Creates the exception.</summary>
    public ContentNotFoundException()
    {
    }

    /// <summary>Creates the exception with a message saying what was not found.</summary>
    public ContentNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ContentNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for <paramref name="id"/>.</summary>
    public ContentNotFoundException(ContentId id, ContentNotFoundReason reason)
        : base(reason == ContentNotFoundReason.Deleted
            ? $"Content {id} was deleted by its owner."
            : reason == ContentNotFoundReason.NoSuchVersion
                ? $"Content {id} has no such version; list them with ListVersionsAsync."
                : $"Content {id} was not found: no node holds its head record. Check the id, or that the uploading node's network is reachable.")
    {
        Id = id;
        Reason = reason;
    }

    /// <summary>The content that was asked for.</summary>
    public ContentId Id { get; }

    /// <summary>Why it did not resolve.</summary>
    public ContentNotFoundReason Reason { get; }
}
