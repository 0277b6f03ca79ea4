namespace Zhtp.Storage.Economic.Ledger;

/// <summary>The result of checking every ledger invariant: empty <see cref="Violations"/> means consistent.</summary>
/// <param name="TotalSupply">Tokens in existence (minus the mint source's balance).</param>
/// <param name="SumOfBalances">Sum of every non-mint balance; equals the supply when consistent.</param>
/// <param name="EscrowBalance">Sum of escrow account balances.</param>
/// <param name="LockedByContracts">Sum of the locked funds of every contract; equals the escrow balance when consistent.</param>
/// <param name="Violations">Every broken invariant, in words.</param>
public sealed record LedgerInvariantReport(
    TokenAmount TotalSupply,
    TokenAmount SumOfBalances,
    TokenAmount EscrowBalance,
    TokenAmount LockedByContracts,
    IReadOnlyList<string> Violations)
{
    /// <summary>True when no invariant is broken.</summary>
    public bool IsConsistent => Violations.Count == 0;
}
