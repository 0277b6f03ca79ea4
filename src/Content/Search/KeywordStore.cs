using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Search;

// Implementation notes
// A pure, bounded store: the caller passes the time. Every announcement sits in two insertion-ordered
// lists, its keyword's and a global one. All announcements live for the same TTL, so insertion order
// is expiry order and expiry only ever looks at the heads (a wall clock set back only delays expiry;
// Get still hides what has expired); eviction for room takes the head too
// (the oldest). A re-announcement of the same id under the same keyword replaces the held one unless
// it carries a lower version, and moves to the tail. Not thread-safe: the directory locks around it.

/// <summary>Announcements received for keywords, bounded per keyword and in total, each expiring after a TTL.</summary>
internal sealed class KeywordStore
{
    private readonly Dictionary<DhtKey, Bucket> _buckets = [];
    private readonly LinkedList<Slot> _all = new();
    private readonly int _maxPerKeyword;
    private readonly int _maxTotal;
    private readonly TimeSpan _ttl;

    public KeywordStore(int maxPerKeyword, int maxTotal, TimeSpan ttl)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerKeyword, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTotal, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        _maxPerKeyword = maxPerKeyword;
        _maxTotal = maxTotal;
        _ttl = ttl;
    }

    /// <summary>Announcements held (expired ones count until the next call that passes the time).</summary>
    public int Count => _all.Count;

    /// <summary>Keywords with at least one announcement.</summary>
    public int KeywordCount => _buckets.Count;

    /// <summary>Stores <paramref name="entry"/> under <paramref name="keyword"/>; false when a higher version of it is held (kept).</summary>
    public bool Put(DhtKey keyword, ContentIndexEntry entry, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        RemoveExpired(now);
        if (!_buckets.TryGetValue(keyword, out Bucket? bucket))
        {
            bucket = new Bucket();
            _buckets[keyword] = bucket;
        }

        if (bucket.ById.TryGetValue(entry.Id, out LinkedListNode<Slot>? held))
        {
            if (held.Value.Entry.Version > entry.Version)
            {
                return false;
            }

            Remove(held.Value);
        }

        if (bucket.Order.Count >= _maxPerKeyword)
        {
            Remove(bucket.Order.First!.Value);
        }

        if (_all.Count >= _maxTotal)
        {
            Remove(_all.First!.Value);
        }

        // Eviction may have emptied and dropped this keyword's bucket.
        if (!_buckets.ContainsKey(keyword))
        {
            _buckets[keyword] = bucket;
        }

        var slot = new Slot(keyword, entry, now + _ttl);
        slot.GlobalNode = _all.AddLast(slot);
        slot.KeywordNode = bucket.Order.AddLast(slot);
        bucket.ById[entry.Id] = slot.KeywordNode;
        return true;
    }

    /// <summary>The live announcements of <paramref name="keyword"/>, newest first.</summary>
    public IReadOnlyList<ContentIndexEntry> Get(DhtKey keyword, DateTimeOffset now)
    {
        RemoveExpired(now);
        if (!_buckets.TryGetValue(keyword, out Bucket? bucket))
        {
            return [];
        }

        var entries = new List<ContentIndexEntry>(bucket.Order.Count);
        for (LinkedListNode<Slot>? node = bucket.Order.Last; node is not null; node = node.Previous)
        {
            if (node.Value.ExpiresAt > now)
            {
                entries.Add(node.Value.Entry);
            }
        }

        return entries;
    }

    /// <summary>Drops every announcement whose TTL has passed at <paramref name="now"/>; returns how many.</summary>
    public int RemoveExpired(DateTimeOffset now)
    {
        int removed = 0;
        while (_all.First is { } first && first.Value.ExpiresAt <= now)
        {
            Remove(first.Value);
            removed++;
        }

        return removed;
    }

    /// <summary>Drops everything.</summary>
    public void Clear()
    {
        _buckets.Clear();
        _all.Clear();
    }

    private void Remove(Slot slot)
    {
        _all.Remove(slot.GlobalNode!);
        Bucket bucket = _buckets[slot.Keyword];
        bucket.Order.Remove(slot.KeywordNode!);
        bucket.ById.Remove(slot.Entry.Id);
        if (bucket.Order.Count == 0)
        {
            _buckets.Remove(slot.Keyword);
        }
    }

    private sealed class Bucket
    {
        public LinkedList<Slot> Order { get; } = new();

        public Dictionary<ContentId, LinkedListNode<Slot>> ById { get; } = [];
    }

    private sealed class Slot(DhtKey keyword, ContentIndexEntry entry, DateTimeOffset expiresAt)
    {
        public DhtKey Keyword { get; } = keyword;

        public ContentIndexEntry Entry { get; } = entry;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        public LinkedListNode<Slot>? GlobalNode { get; set; }

        public LinkedListNode<Slot>? KeywordNode { get; set; }
    }
}
