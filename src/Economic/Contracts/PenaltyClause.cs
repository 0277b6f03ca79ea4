namespace Zhtp.Storage.Economic.Contracts;

/// <summary>What a violation costs the host and how long it must last before it counts.</summary>
/// <param name="Kind">The violation.</param>
/// <param name="ShareOfValue">Penalty as a share of the contract value (host payment), in [0, 1].</param>
/// <param name="GracePeriod">How long the violation must persist before the penalty applies (zero: at once).</param>
/// <param name="TerminatesContract">Whether the penalty ends the contract (remaining escrow refunded to the renter).</param>
public sealed record PenaltyClause(ViolationKind Kind, decimal ShareOfValue, TimeSpan GracePeriod, bool TerminatesContract);
