using System.Diagnostics.CodeAnalysis;

namespace Zhtp.Storage.Content.Manager;

/// <summary>
/// Values by key, the most recent <c>capacity</c> additions kept (the oldest evicted first), safe for concurrent use.
/// For values that never change once known: verified manifests, unwrapped content keys (both by immutable manifest key).
/// </summary>
internal sealed class FifoCache<TKey, TValue>(int capacity)
    where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> _entries = [];
    private readonly Queue<TKey> _order = new();

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
            while (_order.Count > capacity)
            {
                _entries.Remove(_order.Dequeue());
            }
        }
    }
}
