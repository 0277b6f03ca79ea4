namespace Zhtp.Storage.Economic.Market;

/// <summary>Shards to place, grouped by segment, with how many hosts each shard needs and the highest acceptable price.</summary>
/// <param name="Segments">Each segment's shards (diversity applies within a segment).</param>
/// <param name="Tier">Tier required.</param>
/// <param name="ReplicasPerShard">Hosts per shard (at least 1).</param>
/// <param name="MaxPricePerGbDay">Offers above this price are not used.</param>
internal sealed record PlacementRequest(IReadOnlyList<IReadOnlyList<ShardTerms>> Segments, StorageTier Tier, int ReplicasPerShard, TokenAmount MaxPricePerGbDay);
