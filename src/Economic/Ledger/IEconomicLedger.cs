using Zhtp.Storage.Types;

namespace Zhtp.Storage.Economic.Ledger;

/// <summary>
/// A durable double-entry ledger of token balances. Every posting is atomic and idempotent by its
/// transfer id; no balance other than the mint source's ever goes negative; supply changes only
/// through <see cref="PostingKind.Mint"/> postings; each contract's escrow account balance equals
/// the funds locked for it.
/// </summary>
/// <remarks>Implementations are safe to call from several threads; calls are serialized.</remarks>
public interface IEconomicLedger : IDisposable
{
    /// <summary>Applies <paramref name="posting"/> atomically, or reports that it was applied before.</summary>
    /// <exception cref="LedgerException">The posting is malformed, touches a forbidden account, would make a balance negative, or reuses an id for different content. Nothing was changed.</exception>
    PostingOutcome Post(LedgerPosting posting);

    /// <summary>The balance of <paramref name="account"/> (zero for an account never used).</summary>
    TokenAmount GetBalance(AccountId account);

    /// <summary>Tokens in existence: everything minted so far.</summary>
    TokenAmount TotalSupply { get; }

    /// <summary>How the escrow of <paramref name="contractId"/> has moved (all zero if never funded).</summary>
    EscrowLock GetEscrow(Hash256 contractId);

    /// <summary>True when a posting with <paramref name="transferId"/> has been applied.</summary>
    bool HasPosting(string transferId);

    /// <summary>The posting applied under <paramref name="transferId"/>, or null.</summary>
    LedgerPosting? GetPosting(string transferId);

    /// <summary>Every account with its balance, ordered by key.</summary>
    IReadOnlyList<KeyValuePair<AccountId, TokenAmount>> GetBalances();

    /// <summary>Checks every invariant against the stored journal, balances and escrow locks.</summary>
    LedgerInvariantReport CheckInvariants();
}
