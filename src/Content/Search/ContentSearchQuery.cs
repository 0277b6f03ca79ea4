namespace Zhtp.Storage.Content;

/// <summary>
/// A search of content manifests. Every given criterion must match (AND); null or empty criteria
/// are ignored. At least one criterion must be given.
/// </summary>
public sealed record ContentSearchQuery
{
    /// <summary>Words matched against filename, tags, description and content type (full-text, prefix matching on the last word).</summary>
    public string? Text { get; init; }

    /// <summary>An exact tag (case-insensitive).</summary>
    public string? Tag { get; init; }

    /// <summary>The owner id (64 hex characters, BLAKE3 of the owner's public key).</summary>
    public string? Owner { get; init; }

    /// <summary>A media type ("text/plain") or a type prefix ("text/").</summary>
    public string? ContentType { get; init; }

    /// <summary>Also ask the network for public content announced by other nodes (keyword records). Only <see cref="Text"/> and <see cref="Tag"/> words are looked up there. Default false.</summary>
    public bool IncludeNetwork { get; init; }

    /// <summary>Hits to skip (paging). Default 0.</summary>
    public int Skip { get; init; }

    /// <summary>Hits to return at most (1–1,000). Default 50.</summary>
    public int Take { get; init; } = 50;
}
