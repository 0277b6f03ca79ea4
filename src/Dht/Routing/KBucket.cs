namespace Zhtp.Storage.Dht.Routing;

/// <summary>
/// One k-bucket: up to k entries ordered least-recently-seen first, plus a bounded replacement
/// cache of contacts seen while the bucket was full (most recent last).
/// </summary>
internal sealed class KBucket
{
    public KBucket(DateTimeOffset created) => LastTouched = created;

    /// <summary>Entries, index 0 = least recently seen (the eviction candidate).</summary>
    public List<RoutingEntry> Entries { get; } = [];

    /// <summary>Contacts waiting for a slot, most recently seen last; at most k.</summary>
    public List<Contact> Replacements { get; } = [];

    /// <summary>When a contact of this bucket was last added or heard from, or the bucket was refreshed.</summary>
    public DateTimeOffset LastTouched { get; set; }

    /// <summary>The entry the node was asked to ping before evicting, if that ping is outstanding.</summary>
    public Contact? PendingPing { get; set; }

    public int IndexOf(Types.NodeId id)
    {
        for (int i = 0; i < Entries.Count; i++)
        {
            if (Entries[i].Contact.Id == id)
            {
                return i;
            }
        }

        return -1;
    }
}
