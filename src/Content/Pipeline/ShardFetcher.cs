using System.Collections.Concurrent;
using Zhtp.Storage.Content.Manifests;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Pipeline;

/// <summary>
/// Fetches k verified shards of a segment. It starts k + hedge fetches (data shards first, shards on
/// holders that failed earlier in this read last), starts another whenever one fails or the wait
/// passes the hedge delay, and cancels the rest once k verified shards are in (as Storj's long-tail
/// cancellation does). Each shard is asked of its recorded holders, then looked up in the DHT. Every
/// failure is recorded as a <see cref="ShardFault"/> and reported to the economics seam.
/// </summary>
internal sealed class ShardFetcher
{
    private static readonly TimeSpan MinHedgeDelay = TimeSpan.FromMilliseconds(30);
    private static readonly TimeSpan MaxHedgeDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan InitialHedgeDelay = TimeSpan.FromMilliseconds(250);
    private readonly IDhtNode _node;
    private readonly TransferLimiter _limiter;
    private readonly int _hedge;
    private readonly IContentEconomics? _economics;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<NodeId, int> _failures = new();
    private readonly ConcurrentQueue<ShardFault> _faults = new();
    private long _averageTicks;

    public ShardFetcher(IDhtNode node, TransferLimiter limiter, int hedge, IContentEconomics? economics, TimeProvider time)
    {
        _node = node;
        _limiter = limiter;
        _hedge = hedge;
        _economics = economics;
        _time = time;
    }

    /// <summary>Every fault seen so far by this fetcher.</summary>
    public IReadOnlyList<ShardFault> Faults => [.. _faults];

    /// <summary>Fetches at least k verified shards (slots of the others stay null); the caller disposes the result once it has decoded them.</summary>
    /// <exception cref="ContentUnavailableException">Fewer than k could be fetched.</exception>
    public async Task<FetchedShards> FetchAsync(ContentId id, long index, SegmentEntry segment, int dataShards, CancellationToken cancellationToken, bool[]? skip = null)
    {
        int n = segment.Shards.Count;
        var fetched = new FetchedShards(n);
        ReadOnlyMemory<byte>?[] shards = fetched.Shards;
        bool complete = false;
        int[] order = Enumerable.Range(0, n)
            .Where(j => skip is null || !skip[j])
            .OrderBy(j => segment.Shards[j].Holders.Sum(h => _failures.GetValueOrDefault(h.Id)))
            .ThenBy(j => j)
            .ToArray();
        n = order.Length;
        int next = 0;
        int verified = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = new Dictionary<Task<Fetched?>, int>();
        void Launch()
        {
            int j = order[next++];
            running.Add(FetchShardAsync(index, j, segment.Shards[j], stop.Token), j);
        }

        try
        {
            while (next < n && running.Count < dataShards + _hedge)
            {
                Launch();
            }

            while (verified < dataShards)
            {
                if (running.Count == 0)
                {
                    throw new ContentUnavailableException(id, index, verified, dataShards);
                }

                Task first;
                if (next < n)
                {
                    using var wake = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                    Task timer = Task.Delay(HedgeDelay(), _time, wake.Token);
                    first = await Task.WhenAny(running.Keys.Append(timer)).ConfigureAwait(false);
                    await wake.CancelAsync().ConfigureAwait(false);
                    if (first == timer)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        Launch();
                        continue;
                    }
                }
                else
                {
                    first = await Task.WhenAny(running.Keys).ConfigureAwait(false);
                }

                var done = (Task<Fetched?>)first;
                int shard = running[done];
                running.Remove(done);
                if (await done.ConfigureAwait(false) is { } value)
                {
                    shards[shard] = value.Bytes;
                    fetched.Own(value.Owner);
                    verified++;
                }
                else if (next < n)
                {
                    Launch();
                }
            }

            complete = true;
            return fetched;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            if (running.Count > 0)
            {
                // Fetches that lost the race: their buffers go straight back.
                foreach (Fetched? late in await Task.WhenAll(running.Keys).ConfigureAwait(false))
                {
                    late?.Owner?.Dispose();
                }
            }

            if (!complete)
            {
                fetched.Dispose();
            }
        }
    }

    private TimeSpan HedgeDelay()
    {
        long average = Interlocked.Read(ref _averageTicks);
        if (average == 0)
        {
            return InitialHedgeDelay;
        }

        TimeSpan delay = TimeSpan.FromTicks(average * 3);
        return delay < MinHedgeDelay ? MinHedgeDelay : delay > MaxHedgeDelay ? MaxHedgeDelay : delay;
    }

    /// <summary>One shard: each recorded holder, then a DHT lookup. Null when none had it (never throws except on the caller's cancellation).</summary>
    private async Task<Fetched?> FetchShardAsync(long index, int shard, ShardEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            foreach (Contact holder in entry.Holders.OrderBy(h => _failures.GetValueOrDefault(h.Id)))
            {
                long started = _time.GetTimestamp();
                HolderFetchResult result;
                using (await _limiter.EnterAsync(cancellationToken).ConfigureAwait(false))
                {
                    result = await _node.FetchFromAsync(holder, entry.Key, cancellationToken).ConfigureAwait(false);
                }

                if (result.Record is { } record)
                {
                    NoteLatency(_time.GetElapsedTime(started));
                    return new Fetched(record.Value, result);
                }

                // A fetch cancelled because k shards arrived first is no fault of the holder.
                cancellationToken.ThrowIfCancellationRequested();
                Fault(new ShardFault(index, shard, entry.Key, holder.Id, result.Error));
            }

            FindValueResult found = await _node.FindValueAsync(entry.Key, cancellationToken).ConfigureAwait(false);
            if (found.Record is { Kind: not RecordKind.Mutable } record2 && record2.Key == entry.Key)
            {
                return new Fetched(record2.Value, null);
            }

            Fault(new ShardFault(index, shard, entry.Key, null, DhtErrorCode.NotFound));
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private void Fault(ShardFault fault)
    {
        _faults.Enqueue(fault);
        if (fault.Holder is { } holder)
        {
            _failures.AddOrUpdate(holder, 1, (_, count) => count + 1);
            _economics?.OnShardFault(holder, fault);
        }
    }

    /// <summary>Keeps a moving average of successful fetch times (weight 1/8); the hedge delay is three times it.</summary>
    private void NoteLatency(TimeSpan latency)
    {
        long seen = Interlocked.Read(ref _averageTicks);
        long updated = seen == 0 ? latency.Ticks : seen + ((latency.Ticks - seen) / 8);
        Interlocked.CompareExchange(ref _averageTicks, updated, seen);
    }

    /// <summary>A fetched shard and what owns its buffer.</summary>
    private sealed record Fetched(ReadOnlyMemory<byte> Bytes, IDisposable? Owner);
}
