using System.Diagnostics.CodeAnalysis;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Manager;

/// <summary>
/// Decoded small segments by (manifest key, segment index), least recently used evicted first, within a byte
/// budget. Manifests are content-addressed and immutable, so an entry never goes stale; the cache belongs to one
/// content manager (one reader identity), so it only ever serves bytes that reader has already decrypted.
/// </summary>
internal sealed class SegmentReadCache(long capacityBytes)
{
    /// <summary>Segments whose plaintext is larger than this are not cached (a small object's GET is what the cache is for).</summary>
    public const int MaxEntryBytes = 64 * 1024;

    private readonly Dictionary<(DhtKey Manifest, long Index), LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private long _bytes;

    /// <summary>True when segments of <paramref name="length"/> plaintext bytes are cached at all.</summary>
    public bool Admits(int length) => capacityBytes > 0 && length <= MaxEntryBytes && length <= capacityBytes;

    /// <summary>The cached plaintext of the segment (never modified: callers copy out of it); false when it is not cached.</summary>
    public bool TryGet(DhtKey manifest, long index, [NotNullWhen(true)] out byte[]? plain)
    {
        lock (_recency)
        {
            if (!_entries.TryGetValue((manifest, index), out LinkedListNode<Entry>? node))
            {
                plain = null;
                return false;
            }

            _recency.Remove(node);
            _recency.AddFirst(node);
            plain = node.Value.Plain;
            return true;
        }
    }

    /// <summary>Keeps a copy of a decoded segment's <paramref name="plain"/> bytes, evicting the least recently used beyond the budget.</summary>
    public void Add(DhtKey manifest, long index, ReadOnlySpan<byte> plain)
    {
        if (!Admits(plain.Length))
        {
            return;
        }

        byte[] copy = plain.ToArray();
        lock (_recency)
        {
            if (_entries.ContainsKey((manifest, index)))
            {
                return;
            }

            _entries.Add((manifest, index), _recency.AddFirst(new Entry(manifest, index, copy)));
            _bytes += copy.Length;
            while (_bytes > capacityBytes && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _entries.Remove((oldest.Value.Manifest, oldest.Value.Index));
                _bytes -= oldest.Value.Plain.Length;
            }
        }
    }

    private sealed record Entry(DhtKey Manifest, long Index, byte[] Plain);
}
