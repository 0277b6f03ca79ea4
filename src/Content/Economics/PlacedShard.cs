using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content;

/// <summary>One shard stored on one holder.</summary>
/// <param name="Segment">Segment index.</param>
/// <param name="Shard">Shard index within the segment.</param>
/// <param name="Holder">The holder that accepted it.</param>
/// <param name="Key">Its DHT key (BLAKE3 of the bytes).</param>
/// <param name="Bytes">The shard's bytes: valid during <see cref="IShardPlacementSession.OnPlaced"/> only.</param>
public readonly record struct PlacedShard(long Segment, int Shard, Contact Holder, DhtKey Key, ReadOnlyMemory<byte> Bytes);
