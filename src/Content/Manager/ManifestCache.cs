using System.Diagnostics.CodeAnalysis;
using Zhtp.Storage.Content.Manifests;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Manager;

/// <summary>Verified manifests by key (they are immutable), the most recent <c>capacity</c> kept.</summary>
internal sealed class ManifestCache(int capacity)
{
    private readonly Dictionary<DhtKey, (Manifest Manifest, IReadOnlyList<SegmentEntry> Segments)> _entries = [];
    private readonly Queue<DhtKey> _order = new();

    public bool TryGet(DhtKey key, [NotNullWhen(true)] out Manifest? manifest, [NotNullWhen(true)] out IReadOnlyList<SegmentEntry>? segments)
    {
        lock (_entries)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                (manifest, segments) = entry;
                return true;
            }
        }

        manifest = null;
        segments = null;
        return false;
    }

    public void Add(DhtKey key, Manifest manifest, IReadOnlyList<SegmentEntry> segments)
    {
        lock (_entries)
        {
            if (!_entries.TryAdd(key, (manifest, segments)))
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
