namespace Zhtp.Storage.Economic.Ledger;

/// <summary>Why the ledger refused a posting.</summary>
public enum LedgerErrorKind
{
    /// <summary>A debited account does not hold enough tokens.</summary>
    InsufficientFunds = 0,

    /// <summary>The transfer id was used before for a different posting.</summary>
    IdempotencyConflict = 1,

    /// <summary>The posting is malformed (no legs, non-positive amount, same account on both sides, bad id).</summary>
    InvalidPosting = 2,

    /// <summary>The posting touches an account its kind may not touch (e.g. a transfer out of the mint source or into an escrow).</summary>
    ForbiddenAccount = 3,

    /// <summary>The stored ledger is inconsistent or from another version.</summary>
    Corrupt = 4,
}
