using Zhtp.Storage.Content.Manifests;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Pipeline;

/// <summary>
/// Chooses holders and places shards. The candidate pool is the k closest nodes to the content id
/// (plus this node); segment s puts shard j on pool[(s·n + j) mod P] so that the n shards of a segment
/// land on n distinct nodes and load spreads evenly. A holder that refuses or does not answer is
/// replaced by the next pool member not yet used by that segment.
/// </summary>
internal sealed class ShardPlacer
{
    private readonly IDhtNode _node;
    private readonly IReadOnlyList<Contact> _pool;
    private readonly TransferLimiter _limiter;
    private readonly TimeSpan _timeToLive;
    private readonly int _shardsPerSegment;

    private ShardPlacer(IDhtNode node, IReadOnlyList<Contact> pool, TransferLimiter limiter, TimeSpan timeToLive, int shardsPerSegment)
    {
        _shardsPerSegment = shardsPerSegment;
        _node = node;
        _pool = pool;
        _limiter = limiter;
        _timeToLive = timeToLive;
    }

    public int PoolSize => _pool.Count;

    public static async Task<ShardPlacer> CreateAsync(IDhtNode node, DhtKey near, int shardsPerSegment, TransferLimiter limiter, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        IReadOnlyList<Contact> closest = await node.FindNodeAsync(near, cancellationToken).ConfigureAwait(false);
        List<Contact> pool = closest.Where(c => c.Id != node.Self.Id).Append(node.Self)
            .OrderBy(c => c.Id.Value.Xor(near.Value)).ToList();
        return new ShardPlacer(node, pool, limiter, timeToLive, shardsPerSegment);
    }

    /// <summary>Places every shard of <paramref name="segment"/>; returns the table entries.</summary>
    /// <exception cref="ContentException">A shard found no holder that accepted it.</exception>
    public async Task<ShardEntry[]> PlaceAsync(long index, EncodedSegment segment, ICollection<NodeId>? avoid, CancellationToken cancellationToken)
    {
        int n = segment.Keys.Length;
        var used = new HashSet<NodeId>(avoid ?? []);
        var tasks = new Task<ShardEntry>[n];
        for (int j = 0; j < n; j++)
        {
            tasks[j] = PlaceShardAsync(index, j, segment.Shard(j), segment.Keys[j], used, cancellationToken);
        }

        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary>Places one rebuilt shard on a pool member not in <paramref name="used"/> (repair).</summary>
    public Task<ShardEntry> PlaceOneAsync(long index, int shard, ReadOnlyMemory<byte> value, DhtKey key, HashSet<NodeId> used, CancellationToken cancellationToken) =>
        PlaceShardAsync(index, shard, value, key, used, cancellationToken);

    private async Task<ShardEntry> PlaceShardAsync(long index, int shard, ReadOnlyMemory<byte> value, DhtKey key, HashSet<NodeId> used, CancellationToken cancellationToken)
    {
        int start = (int)(((index * _shardsPerSegment) + shard) % _pool.Count);
        DhtErrorCode last = DhtErrorCode.None;
        for (int attempt = 0; attempt < _pool.Count; attempt++)
        {
            Contact candidate = _pool[(start + attempt) % _pool.Count];
            lock (used)
            {
                if (!used.Add(candidate.Id))
                {
                    continue;
                }
            }

            using (await _limiter.EnterAsync(cancellationToken).ConfigureAwait(false))
            {
                last = await _node.StoreAtAsync(candidate, value, _timeToLive, cancellationToken).ConfigureAwait(false);
            }

            if (last == DhtErrorCode.None)
            {
                return new ShardEntry(key, [candidate]);
            }
        }

        throw new ContentException(
            $"Shard {shard} of segment {index} could not be placed: every one of the {_pool.Count} candidate holders was already used by this segment or refused it (last error: {last}). Join more nodes or free storage.");
    }
}
