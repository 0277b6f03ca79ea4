namespace Zhtp.Storage.Economic.Market;

/// <summary>One shard replica placed on one host.</summary>
/// <param name="Segment">Segment index.</param>
/// <param name="Shard">The shard.</param>
/// <param name="Offer">The offer that takes it.</param>
/// <param name="SharedSubnet">True when diversity had to be relaxed: another shard of the segment is in the same subnet.</param>
internal sealed record ShardAssignment(int Segment, ShardTerms Shard, HostOffer Offer, bool SharedSubnet);

/// <summary>The outcome of matching: what was placed and what could not be (a partial fill when <see cref="Unfilled"/> is not empty).</summary>
/// <param name="Assignments">Placed replicas.</param>
/// <param name="Unfilled">Replicas no offer could take: (segment, shard, replicas missing).</param>
internal sealed record PlacementResult(IReadOnlyList<ShardAssignment> Assignments, IReadOnlyList<(int Segment, ShardTerms Shard, int Missing)> Unfilled)
{
    /// <summary>True when every replica was placed.</summary>
    public bool Complete => Unfilled.Count == 0;
}
