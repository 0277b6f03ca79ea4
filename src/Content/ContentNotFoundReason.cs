namespace Zhtp.Storage.Content;

/// <summary>Why content did not resolve.</summary>
public enum ContentNotFoundReason
{
    /// <summary>No node returned its head record.</summary>
    Unknown = 0,

    /// <summary>The owner deleted it (a signed tombstone).</summary>
    Deleted = 1,

    /// <summary>The content exists but not the requested version.</summary>
    NoSuchVersion = 2,
}
