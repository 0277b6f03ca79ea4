using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Manager;

/// <summary>
/// Content keys this manager has unwrapped, by manifest key (immutable), the most recent <c>capacity</c> kept:
/// unwrapping costs an ECDH (and an ML-KEM decapsulation at the quantum-resistant level) per read otherwise.
/// </summary>
internal sealed class ContentKeyCache(int capacity)
{
    private readonly Dictionary<DhtKey, byte[]> _keys = [];
    private readonly Queue<DhtKey> _order = new();

    public bool TryGet(DhtKey manifest, Span<byte> key)
    {
        lock (_keys)
        {
            if (!_keys.TryGetValue(manifest, out byte[]? cached))
            {
                return false;
            }

            cached.CopyTo(key);
            return true;
        }
    }

    public void Add(DhtKey manifest, ReadOnlySpan<byte> key)
    {
        lock (_keys)
        {
            if (!_keys.TryAdd(manifest, key.ToArray()))
            {
                return;
            }

            _order.Enqueue(manifest);
            while (_order.Count > capacity)
            {
                _keys.Remove(_order.Dequeue());
            }
        }
    }
}
