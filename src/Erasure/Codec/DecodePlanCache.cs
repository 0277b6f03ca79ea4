using Zhtp.Storage.Erasure.Galois;

namespace Zhtp.Storage.Erasure.Codec;

/// <summary>
/// Decode plans keyed by the set of present shards, so each erasure pattern is inverted once.
/// Bounded: past <see cref="Capacity"/> entries the oldest is dropped. Thread-safe: a repeat of the
/// last pattern is answered without a lock, another hit takes a short lock; neither allocates.
/// </summary>
internal sealed class DecodePlanCache
{
    private readonly GaloisMatrix _encoding;
    private readonly Dictionary<ShardMask, Entry> _plans = [];
    private readonly Queue<ShardMask> _order = new();
    private readonly Lock _gate = new();
    private volatile Entry? _last;

    /// <summary>Creates an empty cache for one encoding matrix.</summary>
    public DecodePlanCache(GaloisMatrix encoding, int capacity)
    {
        _encoding = encoding;
        Capacity = capacity;
    }

    /// <summary>The most plans kept.</summary>
    public int Capacity { get; }

    /// <summary>Plans held now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _plans.Count;
            }
        }
    }

    /// <summary>Plans built since creation (cache misses).</summary>
    public long Builds { get; private set; }

    /// <summary>The plan for <paramref name="present"/> (which must hold at least k shards), built on a miss.</summary>
    public DecodePlan Get(ShardMask present)
    {
        Entry? last = _last;
        if (last is not null && last.Present == present)
        {
            return last.Plan;
        }

        lock (_gate)
        {
            if (_plans.TryGetValue(present, out var entry))
            {
                _last = entry;
                return entry.Plan;
            }
        }

        var built = DecodePlan.Build(_encoding, present);
        lock (_gate)
        {
            if (_plans.TryGetValue(present, out var raced))
            {
                return raced.Plan;
            }

            if (_plans.Count >= Capacity && _order.TryDequeue(out var oldest))
            {
                _plans.Remove(oldest);
            }

            var added = new Entry(present, built);
            _plans.Add(present, added);
            _order.Enqueue(present);
            Builds++;
            _last = added;
            return built;
        }
    }

    /// <summary>A cached plan with its key; the most recently used one is also kept in a field read without the lock.</summary>
    private sealed record Entry(ShardMask Present, DecodePlan Plan);
}
