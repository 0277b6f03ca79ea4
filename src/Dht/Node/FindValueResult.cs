namespace Zhtp.Storage.Dht;

/// <summary>The outcome of an iterative FindValue: the record when found, and what the lookup learned either way.</summary>
/// <param name="Record">The verified record, or null when no node returned it.</param>
/// <param name="ClosestPeers">The closest nodes that answered (where the record should live).</param>
/// <param name="Rounds">Hop depth of the lookup.</param>
/// <param name="Messages">Requests sent.</param>
public sealed record FindValueResult(DhtRecord? Record, IReadOnlyList<Contact> ClosestPeers, int Rounds, int Messages)
{
    /// <summary>True when the record was found.</summary>
    public bool Found => Record is not null;
}
