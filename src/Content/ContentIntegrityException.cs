namespace Zhtp.Storage.Content;

/// <summary>Data failed verification after it was fetched (a segment failed authentication, or the whole content's BLAKE3 differs from the manifest's). Nothing unverified is returned.</summary>
public sealed class ContentIntegrityException : ContentException
{
    /// <summary>Creates the exception.</summary>
    public ContentIntegrityException()
    {
    }

    /// <summary>Creates the exception with a message saying what failed.</summary>
    public ContentIntegrityException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ContentIntegrityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
