namespace Zhtp.Storage.Economic.Ledger;

/// <summary>
/// The ledger's rules that need no storage: what a posting may look like and which accounts each kind may
/// touch, and how a posting moves a contract's escrow counters. Every ledger implementation applies them
/// (SqliteLedger before opening its transaction); tests check them without SQLite.
/// </summary>
internal static class LedgerRules
{
    /// <summary>Checks a posting's shape and which accounts each leg may touch for its kind; throws <see cref="LedgerException"/> naming the first broken rule.</summary>
    public static void Validate(LedgerPosting posting)
    {
        if (string.IsNullOrWhiteSpace(posting.TransferId) || posting.TransferId.Length > 256)
        {
            throw new LedgerException(LedgerErrorKind.InvalidPosting, "A posting needs a transfer id of 1 to 256 characters; derive it from the business event so retries reuse it.");
        }

        if (posting.Legs is null || posting.Legs.Count == 0)
        {
            throw new LedgerException(LedgerErrorKind.InvalidPosting, $"Posting '{posting.TransferId}' has no legs; give it at least one transfer leg.");
        }

        var escrow = AccountId.Escrow(posting.ContractId);
        var intoEscrow = false;
        foreach (var leg in posting.Legs)
        {
            if (leg.Amount.Micros <= 0)
            {
                throw new LedgerException(LedgerErrorKind.InvalidPosting, $"Posting '{posting.TransferId}' has a leg of {leg.Amount} tokens; every leg must move a positive amount.");
            }

            if (leg.From == leg.To)
            {
                throw new LedgerException(LedgerErrorKind.InvalidPosting, $"Posting '{posting.TransferId}' moves tokens from {leg.From} to itself.");
            }

            if (leg.To.Kind == AccountKind.Mint || (leg.From.Kind == AccountKind.Mint) != (posting.Kind == PostingKind.Mint))
            {
                Forbidden(posting, leg, "only a Mint posting may debit the mint source, and nothing may credit it");
            }

            var fromEscrow = leg.From.Kind == AccountKind.Escrow;
            var toEscrow = leg.To.Kind == AccountKind.Escrow;
            switch (posting.Kind)
            {
                case PostingKind.Mint or PostingKind.Transfer when fromEscrow || toEscrow:
                    Forbidden(posting, leg, "escrow accounts move only through escrow postings");
                    break;
                case PostingKind.EscrowFund when fromEscrow || (toEscrow && leg.To != escrow) || (!toEscrow && leg.To != AccountId.Treasury):
                    Forbidden(posting, leg, "funding moves tokens into this contract's escrow or fees into the treasury");
                    break;
                case PostingKind.EscrowRelease or PostingKind.EscrowSlash or PostingKind.EscrowRefund when leg.From != escrow || toEscrow:
                    Forbidden(posting, leg, "release, slash and refund move tokens out of this contract's escrow to a non-escrow account");
                    break;
                case PostingKind.Reward when (leg.From != AccountId.Treasury && leg.From != AccountId.PenaltyPool) || toEscrow:
                    Forbidden(posting, leg, "rewards are paid from the treasury or the penalty pool");
                    break;
            }

            intoEscrow |= toEscrow;
        }

        if (posting.Kind == PostingKind.EscrowFund && !intoEscrow)
        {
            throw new LedgerException(LedgerErrorKind.InvalidPosting, $"Funding posting '{posting.TransferId}' puts nothing into the contract's escrow.");
        }

        if (posting.Kind is PostingKind.EscrowFund or PostingKind.EscrowRelease or PostingKind.EscrowSlash or PostingKind.EscrowRefund && posting.ContractId.IsZero)
        {
            throw new LedgerException(LedgerErrorKind.InvalidPosting, $"Escrow posting '{posting.TransferId}' needs a contract id.");
        }
    }

    private static void Forbidden(LedgerPosting posting, TransferLeg leg, string rule) =>
        throw new LedgerException(LedgerErrorKind.ForbiddenAccount, $"Posting '{posting.TransferId}' ({posting.Kind}) may not move tokens from {leg.From} to {leg.To}: {rule}.");

    /// <summary>The escrow counter <paramref name="posting"/> moves and by how much (the legs into or out of its contract's escrow), or null for postings that do not touch escrow.</summary>
    public static (EscrowMovement Movement, TokenAmount Amount)? EscrowEffect(LedgerPosting posting)
    {
        ArgumentNullException.ThrowIfNull(posting);
        EscrowMovement? movement = posting.Kind switch
        {
            PostingKind.EscrowFund => EscrowMovement.Funded,
            PostingKind.EscrowRelease => EscrowMovement.Released,
            PostingKind.EscrowSlash => EscrowMovement.Slashed,
            PostingKind.EscrowRefund => EscrowMovement.Refunded,
            _ => null,
        };
        if (movement is not { } m)
        {
            return null;
        }

        var escrow = AccountId.Escrow(posting.ContractId);
        var amount = TokenAmount.Zero;
        foreach (var leg in posting.Legs)
        {
            if (leg.To == escrow || leg.From == escrow)
            {
                amount += leg.Amount;
            }
        }

        return (m, amount);
    }
}
