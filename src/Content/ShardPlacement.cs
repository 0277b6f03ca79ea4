using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content;

/// <summary>Where one shard lives, as the manifest records it.</summary>
/// <param name="Segment">Segment index.</param>
/// <param name="Shard">Shard index within the segment (data shards first).</param>
/// <param name="Key">The shard's key (BLAKE3 of its bytes).</param>
/// <param name="Holders">The nodes it was placed on.</param>
public sealed record ShardPlacement(long Segment, int Shard, DhtKey Key, IReadOnlyList<NodeId> Holders);
