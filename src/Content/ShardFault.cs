using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content;

/// <summary>A shard that could not be used as stored: which one, where, and what was wrong.</summary>
/// <param name="Segment">Segment index.</param>
/// <param name="Shard">Shard index within the segment (0..k+m-1).</param>
/// <param name="Key">The shard's key.</param>
/// <param name="Holder">The node asked, or null when no holder was left to ask.</param>
/// <param name="Error">What the holder did: NotFound, InvalidRecord (corrupt or forged bytes), Timeout.</param>
public sealed record ShardFault(long Segment, int Shard, DhtKey Key, NodeId? Holder, DhtErrorCode Error);
