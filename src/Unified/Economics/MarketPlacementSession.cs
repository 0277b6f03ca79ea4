using System.Collections.Concurrent;
using Zhtp.Storage.Content;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Economic.Audits;
using Zhtp.Storage.Economic.Contracts;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Unified.Economics;

/// <summary>One upload's or repair's market placement: collects each accepted shard's terms (BLAKE3 id, size, Merkle root of the real bytes) per host, and contracts them at the end.</summary>
internal sealed class MarketPlacementSession(NodeMarket market, ContentId content, IReadOnlyList<Contact> holders) : IShardPlacementSession
{
    private readonly ConcurrentDictionary<NodeId, (Contact Host, ConcurrentBag<ShardTerms> Shards)> _placed = new();

    public IReadOnlyList<Contact> Holders => holders;

    public void OnPlaced(PlacedShard shard)
    {
        var terms = new ShardTerms(shard.Key.Value, shard.Bytes.Length, ShardMerkleTree.ComputeRoot(shard.Bytes.Span));
        _placed.GetOrAdd(shard.Holder.Id, _ => (shard.Holder, [])).Shards.Add(terms);
    }

    public Task CompleteAsync(CancellationToken cancellationToken) =>
        market.ContractAsync(content, _placed.Values.Select(p => (p.Host, (IReadOnlyList<ShardTerms>)p.Shards.ToList())).ToList(), cancellationToken);
}
