using System.Collections.Concurrent;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Rpc;

/// <summary>Per-remote-node response statistics (thread-safe, bounded by the number of nodes this node has asked).</summary>
internal sealed class ContactStatsTracker
{
    private const int Capacity = 100_000;
    private readonly ConcurrentDictionary<NodeId, Entry> _entries = new();

    public void OnRequest(NodeId id)
    {
        Entry entry = Get(id);
        Interlocked.Increment(ref entry.Requests);
    }

    public void OnResponse(NodeId id, TimeSpan latency, bool error, DateTimeOffset now)
    {
        Entry entry = Get(id);
        lock (entry)
        {
            entry.Responses++;
            entry.ErrorReplies += error ? 1 : 0;
            entry.LatencyTicks += latency.Ticks;
            entry.SmoothedRttTicks = entry.SmoothedRttTicks == 0 ? Math.Max(1, latency.Ticks) : Math.Max(1, entry.SmoothedRttTicks + ((latency.Ticks - entry.SmoothedRttTicks) / 8));
            entry.ConsecutiveFailures = 0;
            entry.LastResponse = now;
        }
    }

    /// <summary>Records a timeout; returns the consecutive failures so far.</summary>
    public int OnTimeout(NodeId id)
    {
        Entry entry = Get(id);
        lock (entry)
        {
            entry.Timeouts++;
            return ++entry.ConsecutiveFailures;
        }
    }

    /// <summary>The smoothed round-trip time of <paramref name="id"/> (RFC 6298 gain 1/8); null before its first answer.</summary>
    public TimeSpan? SmoothedRtt(NodeId id)
    {
        if (!_entries.TryGetValue(id, out Entry? entry))
        {
            return null;
        }

        lock (entry)
        {
            return entry.SmoothedRttTicks == 0 ? null : TimeSpan.FromTicks(entry.SmoothedRttTicks);
        }
    }

    public ContactStats? Find(NodeId id) => _entries.TryGetValue(id, out Entry? entry) ? Snapshot(id, entry) : null;

    public IReadOnlyList<ContactStats> All() => _entries.Select(p => Snapshot(p.Key, p.Value)).ToList();

    private static ContactStats Snapshot(NodeId id, Entry entry)
    {
        lock (entry)
        {
            TimeSpan mean = entry.Responses == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(entry.LatencyTicks / entry.Responses);
            return new ContactStats(id, Interlocked.Read(ref entry.Requests), entry.Responses, entry.Timeouts, entry.ErrorReplies, mean, entry.ConsecutiveFailures, entry.LastResponse);
        }
    }

    private Entry Get(NodeId id)
    {
        if (_entries.Count >= Capacity && !_entries.ContainsKey(id))
        {
            // Forget the node with the oldest answer so the table stays bounded.
            NodeId oldest = _entries.MinBy(p => p.Value.LastResponse ?? DateTimeOffset.MinValue).Key;
            _entries.TryRemove(oldest, out _);
        }

        return _entries.GetOrAdd(id, static _ => new Entry());
    }

    private sealed class Entry
    {
        public long Requests;
        public long Responses;
        public long Timeouts;
        public long ErrorReplies;
        public long LatencyTicks;
        public long SmoothedRttTicks;
        public int ConsecutiveFailures;
        public DateTimeOffset? LastResponse;
    }
}
