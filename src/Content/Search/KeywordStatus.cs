namespace Zhtp.Storage.Content.Search;

/// <summary>The first element of every keyword reply.</summary>
internal enum KeywordStatus : byte
{
    /// <summary>Stored (announce) or answered (query).</summary>
    Ok = 0,

    /// <summary>The request could not be decoded or broke a limit; it was dropped.</summary>
    Malformed = 1,

    /// <summary>The announced keyword is not a keyword of the announced metadata; it was dropped.</summary>
    NotAKeyword = 2,

    /// <summary>The directory is shutting down.</summary>
    Unavailable = 3,
}
