namespace Zhtp.Storage.Content;

/// <summary>One search result: which content, which version, and what describes it.</summary>
/// <param name="Id">The content.</param>
/// <param name="Version">The version the index holds (the latest it saw).</param>
/// <param name="Metadata">Its metadata as the manifest states it.</param>
/// <param name="Owner">Owner id (64 hex characters).</param>
/// <param name="Size">Plaintext length in bytes.</param>
/// <param name="Created">When this version was created.</param>
/// <param name="FromNetwork">True when the hit came from another node's keyword announcement rather than this node's index.</param>
public sealed record ContentSearchHit(ContentId Id, ulong Version, ContentMetadata Metadata, string Owner, long Size, DateTimeOffset Created, bool FromNetwork);
