namespace Zhtp.Storage.Economic.Contracts;

/// <summary>What closing a billing period did.</summary>
/// <param name="Period">The period.</param>
/// <param name="Evaluation">The SLA verdict.</param>
/// <param name="Penalized">The violation penalized, if any.</param>
/// <param name="Released">Paid to the host.</param>
/// <param name="Refunded">Returned to the renter (the period's share, and on termination everything left).</param>
/// <param name="Slashed">Taken as a penalty.</param>
/// <param name="Reputation">The host's reputation afterwards.</param>
/// <param name="State">The contract's state afterwards.</param>
internal sealed record PeriodReport(
    int Period, SlaEvaluation Evaluation, ViolationKind? Penalized, TokenAmount Released, TokenAmount Refunded, TokenAmount Slashed, int Reputation, ContractState State);
