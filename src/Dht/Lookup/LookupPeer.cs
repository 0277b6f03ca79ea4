using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Lookup;

/// <summary>One peer of a lookup: its distance to the target, status, hop depth and path.</summary>
internal sealed class LookupPeer
{
    public LookupPeer(Contact contact, Hash256 distance, int depth, int path)
    {
        Contact = contact;
        Distance = distance;
        Depth = depth;
        Path = path;
    }

    public Contact Contact { get; }

    public Hash256 Distance { get; }

    /// <summary>Hops from the local node: 1 for peers from the local table, n + 1 for peers learned from a depth-n peer.</summary>
    public int Depth { get; }

    /// <summary>The disjoint path that owns this peer (0 when the lookup has one path).</summary>
    public int Path { get; }

    public PeerStatus Status { get; set; }

    public DateTimeOffset SentAt { get; set; }

    /// <summary>When a request to this peer stops counting against α and stops holding the lookup (it may still answer).</summary>
    public DateTimeOffset SlowAt { get; set; }
}
