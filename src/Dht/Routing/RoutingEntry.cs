namespace Zhtp.Storage.Dht.Routing;

/// <summary>A contact in a k-bucket with when it was last heard from and its consecutive failures.</summary>
internal sealed class RoutingEntry
{
    public RoutingEntry(Contact contact, DateTimeOffset lastSeen)
    {
        Contact = contact;
        LastSeen = lastSeen;
    }

    /// <summary>The contact (replaced when the node is heard from a new endpoint).</summary>
    public Contact Contact { get; set; }

    /// <summary>When a verified message or response from this contact last arrived.</summary>
    public DateTimeOffset LastSeen { get; set; }

    /// <summary>Consecutive failed requests (reset by any success).</summary>
    public int Failures { get; set; }
}
