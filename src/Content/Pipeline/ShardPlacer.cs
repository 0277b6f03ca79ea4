using Zhtp.Storage.Content.Manifests;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Pipeline;

/// <summary>
/// Chooses holders and places shards. The candidate pool is the k closest nodes to the content id,
/// widened by this node's routing table to at least 2n, plus this node, ordered by distance to the
/// content id; segment s puts shard j on pool[(s·n + j) mod P] so that the n shards of a segment land
/// on n distinct nodes and load spreads evenly. A holder that refuses or does not answer is replaced
/// by the next pool member not yet used by that segment; only when none is left does a node get a
/// second shard of the same segment. With an <see cref="IShardHostSelector"/>, the pool is the
/// selector's ranked holders instead: shard j of every segment starts at pool[j mod P] (a repair
/// starts at pool[0]), and every accepted shard is reported to the placement session.
/// </summary>
internal sealed class ShardPlacer
{
    private readonly IDhtNode _node;
    private readonly IReadOnlyList<Contact> _pool;
    private readonly TransferLimiter _limiter;
    private readonly TimeSpan _timeToLive;
    private readonly int _shardsPerSegment;
    private readonly IShardPlacementSession? _session;

    private ShardPlacer(IDhtNode node, IReadOnlyList<Contact> pool, TransferLimiter limiter, TimeSpan timeToLive, int shardsPerSegment, IShardPlacementSession? session = null)
    {
        _session = session;
        _shardsPerSegment = shardsPerSegment;
        _node = node;
        _pool = pool;
        _limiter = limiter;
        _timeToLive = timeToLive;
    }

    public int PoolSize => _pool.Count;

    public static async Task<ShardPlacer> CreateAsync(IDhtNode node, DhtKey near, int shardsPerSegment, TransferLimiter limiter, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        // The k closest nodes to the content, widened by this node's routing table (a network with a
        // small k still spreads a segment over k + m nodes), and this node itself.
        IReadOnlyList<Contact> closest = await node.FindNodeAsync(near, cancellationToken).ConfigureAwait(false);
        List<Contact> pool = closest.Concat(node.GetContacts()).Append(node.Self)
            .DistinctBy(c => c.Id)
            .OrderBy(c => c.Id.Value.Xor(near.Value))
            .Take(Math.Max(closest.Count + 1, 2 * shardsPerSegment))
            .ToList();
        return new ShardPlacer(node, pool, limiter, timeToLive, shardsPerSegment);
    }

    /// <summary>A placer over <paramref name="selector"/>'s holders for <paramref name="content"/> (market placement); without a selector, the k-closest placer.</summary>
    /// <exception cref="ContentException">The selector named no holder.</exception>
    public static async Task<ShardPlacer> CreateAsync(
        IDhtNode node, ContentId content, int shardsPerSegment, TransferLimiter limiter, TimeSpan timeToLive, IShardHostSelector? selector, long? expectedBytes, bool repair, CancellationToken cancellationToken)
    {
        if (selector is null)
        {
            return await CreateAsync(node, content.Key, shardsPerSegment, limiter, timeToLive, cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<Contact> closest = await node.FindNodeAsync(content.Key, cancellationToken).ConfigureAwait(false);
        List<Contact> candidates = closest.Concat(node.GetContacts())
            .Where(c => c.Id != node.Self.Id)
            .DistinctBy(c => c.Id)
            .OrderBy(c => c.Id.Value.Xor(content.Key.Value))
            .ToList();
        IShardPlacementSession session = await selector.BeginAsync(new ShardHostRequest(content, candidates, shardsPerSegment, expectedBytes, repair), cancellationToken).ConfigureAwait(false);
        if (session.Holders.Count == 0)
        {
            throw new ContentException($"The storage market found no host for content {content} among {candidates.Count} candidates; join more hosts or check their prices and reputation.");
        }

        return new ShardPlacer(node, session.Holders, limiter, timeToLive, shardsPerSegment, session);
    }

    /// <summary>Tells the placement session (if any) that every shard is placed; a session's refusal fails the upload or repair.</summary>
    public Task CompleteAsync(CancellationToken cancellationToken) => _session?.CompleteAsync(cancellationToken) ?? Task.CompletedTask;

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
        PlaceShardAsync(index, shard, value, key, used, cancellationToken, repair: true);

    private async Task<ShardEntry> PlaceShardAsync(long index, int shard, ReadOnlyMemory<byte> value, DhtKey key, HashSet<NodeId> used, CancellationToken cancellationToken, bool repair = false)
    {
        int start = _session is null
            ? (int)(((index * _shardsPerSegment) + shard) % _pool.Count)
            : repair ? 0 : shard % _pool.Count;
        DhtErrorCode last = DhtErrorCode.None;
        var refused = new HashSet<NodeId>();

        // First a node that holds no other shard of this segment; when the pool has run out of those
        // (fewer live nodes than k + m), a node that already holds one: less durable, but stored.
        for (int pass = 0; pass < 2; pass++)
        {
            for (int attempt = 0; attempt < _pool.Count; attempt++)
            {
                Contact candidate = _pool[(start + attempt) % _pool.Count];
                if (refused.Contains(candidate.Id))
                {
                    continue;
                }

                lock (used)
                {
                    if (!used.Add(candidate.Id) && pass == 0)
                    {
                        continue;
                    }
                }

                // A market session chose its hosts (and will contract with them), so a host that is only busy or slow is asked
                // again before the shard moves to the next host in the list, which may be one the market ranks far lower.
                int tries = _session is null ? 1 : 3;
                for (int t = 0; t < tries; t++)
                {
                    if (t > 0)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(100 * t), cancellationToken).ConfigureAwait(false);
                    }

                    using (await _limiter.EnterAsync(cancellationToken).ConfigureAwait(false))
                    {
                        last = await _node.StoreAtWithKeyAsync(candidate, key, value, _timeToLive, cancellationToken).ConfigureAwait(false);
                    }

                    if (last is not (DhtErrorCode.Busy or DhtErrorCode.Timeout))
                    {
                        break;
                    }
                }

                if (last == DhtErrorCode.None)
                {
                    _session?.OnPlaced(new PlacedShard(index, shard, candidate, key, value));
                    return new ShardEntry(key, [candidate]);
                }

                refused.Add(candidate.Id);
            }
        }

        throw new ContentException(
            $"Shard {shard} of segment {index} could not be placed: all {_pool.Count} candidate holders refused it or did not answer (last error: {last}). Join more nodes or free storage.");
    }
}
