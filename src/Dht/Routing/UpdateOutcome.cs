namespace Zhtp.Storage.Dht.Routing;

/// <summary>What <see cref="RoutingTable.Update"/> did with a contact.</summary>
internal enum UpdateOutcome
{
    /// <summary>The contact was new and took a free slot (or the slot of a stale contact).</summary>
    Added,

    /// <summary>The contact was known; it moved to the most-recently-seen end.</summary>
    Refreshed,

    /// <summary>The bucket is full: the contact went to the replacement cache and the node should ping <see cref="UpdateResult.PingCandidate"/>.</summary>
    PingLeastRecentlySeen,

    /// <summary>The bucket is full and a ping is already outstanding: the contact went to the replacement cache.</summary>
    Cached,

    /// <summary>Refused by the per-address limit.</summary>
    RejectedAddressLimit,

    /// <summary>Refused by the per-subnet limit.</summary>
    RejectedSubnetLimit,

    /// <summary>The contact is the local node.</summary>
    Self,
}
