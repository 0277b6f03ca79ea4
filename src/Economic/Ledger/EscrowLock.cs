namespace Zhtp.Storage.Economic.Ledger;

/// <summary>How a contract's escrow has moved so far; <see cref="Locked"/> always equals the escrow account's balance.</summary>
/// <param name="Funded">Paid in by the renter.</param>
/// <param name="Released">Paid out to the host.</param>
/// <param name="Slashed">Taken as penalties.</param>
/// <param name="Refunded">Returned to the renter.</param>
public readonly record struct EscrowLock(TokenAmount Funded, TokenAmount Released, TokenAmount Slashed, TokenAmount Refunded)
{
    /// <summary>Still locked: funded − released − slashed − refunded.</summary>
    public TokenAmount Locked => Funded - Released - Slashed - Refunded;
}
