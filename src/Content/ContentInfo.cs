using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content;

/// <summary>A content version's manifest, as <see cref="IContentManager.GetMetadataAsync"/> returns it (no shard data is fetched).</summary>
/// <param name="Id">The content.</param>
/// <param name="Version">The version described.</param>
/// <param name="ManifestKey">The DHT key of its manifest.</param>
/// <param name="Metadata">Filename, type, tags and the rest, as the owner signed them.</param>
/// <param name="Length">Plaintext length in bytes.</param>
/// <param name="PlainHash">BLAKE3 of the plaintext.</param>
/// <param name="SegmentSize">Plaintext bytes per segment.</param>
/// <param name="Segments">Number of segments.</param>
/// <param name="DataShards">k: shards needed to rebuild a segment.</param>
/// <param name="ParityShards">m: shards a segment may lose.</param>
/// <param name="Encrypted">True when segments are sealed.</param>
/// <param name="Owner">Owner id (64 hex characters, BLAKE3 of the owner's public key).</param>
/// <param name="Created">When this version was uploaded.</param>
public sealed record ContentInfo(
    ContentId Id, ulong Version, DhtKey ManifestKey, ContentMetadata Metadata, long Length, ContentHash PlainHash,
    int SegmentSize, long Segments, int DataShards, int ParityShards, bool Encrypted, string Owner, DateTimeOffset Created);
