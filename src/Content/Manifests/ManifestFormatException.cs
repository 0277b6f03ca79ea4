namespace Zhtp.Storage.Content;

/// <summary>
/// A manifest, manifest chunk or head record is malformed, truncated, oversized or carries a
/// signature that does not verify. Nothing it describes is returned.
/// </summary>
public sealed class ManifestFormatException : ContentException
{
    /// <summary>Creates the exception.</summary>
    public ManifestFormatException()
    {
    }

    /// <summary>Creates the exception with a message saying what was wrong.</summary>
    public ManifestFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ManifestFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
