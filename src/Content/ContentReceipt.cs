using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content;

/// <summary>What an upload or update stored.</summary>
/// <param name="Id">The content id (stable across versions).</param>
/// <param name="Version">The version this upload created.</param>
/// <param name="ManifestKey">The DHT key of the signed manifest.</param>
/// <param name="Length">Plaintext bytes read.</param>
/// <param name="PlainHash">BLAKE3 of the plaintext.</param>
/// <param name="StoredBytes">Bytes placed on holders (all shards, parity included).</param>
/// <param name="Segments">Segments the content was cut into.</param>
/// <param name="Shards">Shards placed (segments × (k + m)).</param>
/// <param name="Holders">Distinct nodes holding its shards.</param>
/// <param name="Encrypted">True when segments are sealed with AES-256-GCM.</param>
public sealed record ContentReceipt(ContentId Id, ulong Version, DhtKey ManifestKey, long Length, ContentHash PlainHash, long StoredBytes, long Segments, long Shards, int Holders, bool Encrypted);
