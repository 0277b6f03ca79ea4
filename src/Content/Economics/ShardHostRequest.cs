using Zhtp.Storage.Dht;

namespace Zhtp.Storage.Content;

/// <summary>What a <see cref="IShardHostSelector"/> places.</summary>
/// <param name="Content">The content.</param>
/// <param name="Candidates">The k closest live nodes to the content id, widened by the routing table (this node excluded).</param>
/// <param name="ShardsPerSegment">k + m: how many distinct holders one segment needs.</param>
/// <param name="ExpectedBytes">Bytes the upload will place over all shards (an upper bound), or null when unknown (unseekable stream).</param>
/// <param name="Repair">True for a repair (a few rebuilt shards), false for an upload.</param>
public sealed record ShardHostRequest(ContentId Content, IReadOnlyList<Contact> Candidates, int ShardsPerSegment, long? ExpectedBytes, bool Repair);
