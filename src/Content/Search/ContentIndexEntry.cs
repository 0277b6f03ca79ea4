namespace Zhtp.Storage.Content.Search;

/// <summary>What the search index holds about one piece of content: the latest version it saw.</summary>
/// <param name="Id">The content.</param>
/// <param name="Version">The manifest version; a higher version replaces a lower one.</param>
/// <param name="Metadata">The manifest's metadata.</param>
/// <param name="Owner">Owner id (64 hex characters).</param>
/// <param name="Size">Plaintext length in bytes.</param>
/// <param name="Created">When this version was created.</param>
internal sealed record ContentIndexEntry(ContentId Id, ulong Version, ContentMetadata Metadata, string Owner, long Size, DateTimeOffset Created)
{
    /// <summary>This entry as a search hit.</summary>
    public ContentSearchHit ToHit(bool fromNetwork) => new(Id, Version, Metadata, Owner, Size, Created, fromNetwork);
}
