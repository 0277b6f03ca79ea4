namespace Zhtp.Storage.Economic.Ledger;

/// <summary>The kind of a ledger posting; decides which accounts it may touch and how escrow is tracked.</summary>
public enum PostingKind
{
    /// <summary>New tokens from the mint source (the only way supply grows).</summary>
    Mint = 0,

    /// <summary>A plain transfer between non-escrow, non-mint accounts.</summary>
    Transfer = 1,

    /// <summary>A renter funds a contract's escrow (and pays fees to the treasury in the same posting).</summary>
    EscrowFund = 2,

    /// <summary>Escrow released to the host for passed periods or at completion.</summary>
    EscrowRelease = 3,

    /// <summary>Escrow slashed on a violation (compensation to the renter, share to the penalty pool).</summary>
    EscrowSlash = 4,

    /// <summary>Escrow refunded to the renter (early termination, withheld periods, resolution).</summary>
    EscrowRefund = 5,

    /// <summary>A reward or bonus paid from the treasury or the penalty pool.</summary>
    Reward = 6,
}
