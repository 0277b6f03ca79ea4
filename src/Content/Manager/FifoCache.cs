using System.Diagnostics.CodeAnalysis;

namespace Zhtp.Storage.Content.Manager;

/// <summary>
/// Values by key, the most recent <c>capacity</c> additions kept (the oldest evicted first), safe for concurrent use.
/// For values that never change once known: verified manifests, unwrapped content keys (both by immutable manifest key).
/// With <c>weigh</c>, the oldest are also evicted while the values' total weight is over <c>maxWeight</c>, but the
/// newest is always kept (a value heavier than the budget is cached alone).
/// </summary>
internal sealed class FifoCache<TKey, TValue>(int capacity, long maxWeight = long.MaxValue, Func<TValue, long>? weigh = null)
    where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> _entries = [];
    private readonly Queue<TKey> _order = new();
    private long _weight;

    /// <summary>The held values' total weight (0 without a weigh function).</summary>
    public long Weight
    {
        get
        {
            lock (_entries)
            {
                return _weight;
            }
        }
    }

    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        lock (_entries)
        {
            return _entries.TryGetValue(key, out value);
        }
    }

    /// <summary>Adds <paramref name="value"/> unless <paramref name="key"/> is already held.</summary>
    public void Add(TKey key, TValue value)
    {
        lock (_entries)
        {
            if (!_entries.TryAdd(key, value))
            {
                return;
            }

            _order.Enqueue(key);
            _weight += weigh?.Invoke(value) ?? 0;
            while (_order.Count > capacity || (_weight > maxWeight && _order.Count > 1))
            {
                _entries.Remove(_order.Dequeue(), out TValue? evicted);
                _weight -= weigh?.Invoke(evicted!) ?? 0;
            }
        }
    }
}
