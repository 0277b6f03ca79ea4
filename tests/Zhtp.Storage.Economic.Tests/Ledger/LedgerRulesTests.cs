namespace Zhtp.Storage.Economic.Tests.Ledger;

/// <summary>The ledger's posting rules without any storage.</summary>
public sealed class LedgerRulesTests
{
    private static readonly Hash256 Contract = Blake3Hashing.Compute([1]);
    private static readonly Hash256 Other = Blake3Hashing.Compute([2]);
    private static readonly AccountId Renter = AccountId.User("renter");
    private static readonly AccountId Host = AccountId.Host("host");
    private static readonly TokenAmount Ten = TokenAmount.FromWholeTokens(10);

    private static LedgerPosting Posting(PostingKind kind, params TransferLeg[] legs) => new("t/1", kind, Contract, legs);

    public static TheoryData<string, LedgerPosting, LedgerErrorKind> Refused => new()
    {
        { "no legs", new LedgerPosting("t/1", PostingKind.Transfer, Hash256.Zero, []), LedgerErrorKind.InvalidPosting },
        { "blank id", new LedgerPosting(" ", PostingKind.Transfer, Hash256.Zero, [new TransferLeg(Renter, Host, Ten)]), LedgerErrorKind.InvalidPosting },
        { "zero amount", Posting(PostingKind.Transfer, new TransferLeg(Renter, Host, TokenAmount.Zero)), LedgerErrorKind.InvalidPosting },
        { "to itself", Posting(PostingKind.Transfer, new TransferLeg(Renter, Renter, Ten)), LedgerErrorKind.InvalidPosting },
        { "mint outside a Mint posting", Posting(PostingKind.Transfer, new TransferLeg(AccountId.Mint, Renter, Ten)), LedgerErrorKind.ForbiddenAccount },
        { "credit to the mint", Posting(PostingKind.Transfer, new TransferLeg(Renter, AccountId.Mint, Ten)), LedgerErrorKind.ForbiddenAccount },
        { "transfer into escrow", Posting(PostingKind.Transfer, new TransferLeg(Renter, AccountId.Escrow(Contract), Ten)), LedgerErrorKind.ForbiddenAccount },
        { "fund another contract's escrow", Posting(PostingKind.EscrowFund, new TransferLeg(Renter, AccountId.Escrow(Other), Ten)), LedgerErrorKind.ForbiddenAccount },
        { "fund fees to a host", Posting(PostingKind.EscrowFund, new TransferLeg(Renter, AccountId.Escrow(Contract), Ten), new TransferLeg(Renter, Host, Ten)), LedgerErrorKind.ForbiddenAccount },
        { "fund with nothing into escrow", Posting(PostingKind.EscrowFund, new TransferLeg(Renter, AccountId.Treasury, Ten)), LedgerErrorKind.InvalidPosting },
        { "release from another escrow", Posting(PostingKind.EscrowRelease, new TransferLeg(AccountId.Escrow(Other), Host, Ten)), LedgerErrorKind.ForbiddenAccount },
        { "refund into an escrow", Posting(PostingKind.EscrowRefund, new TransferLeg(AccountId.Escrow(Contract), AccountId.Escrow(Other), Ten)), LedgerErrorKind.ForbiddenAccount },
        { "reward from a user", Posting(PostingKind.Reward, new TransferLeg(Renter, Host, Ten)), LedgerErrorKind.ForbiddenAccount },
        { "escrow posting without contract", new LedgerPosting("t/1", PostingKind.EscrowRelease, Hash256.Zero, [new TransferLeg(AccountId.Escrow(Hash256.Zero), Host, Ten)]), LedgerErrorKind.InvalidPosting },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Validate_RefusesWhatBreaksARule(string rule, LedgerPosting posting, LedgerErrorKind kind)
    {
        var error = Assert.Throws<LedgerException>(() => LedgerRules.Validate(posting));
        Assert.True(error.Kind == kind, $"{rule}: {error.Kind}, {error.Message}");
    }

    [Fact]
    public void Validate_AcceptsEveryKindOfPostingTheProcessorMakes()
    {
        LedgerRules.Validate(new LedgerPosting("m", PostingKind.Mint, Hash256.Zero, [new TransferLeg(AccountId.Mint, Renter, Ten)]));
        LedgerRules.Validate(Posting(PostingKind.EscrowFund, new TransferLeg(Renter, AccountId.Escrow(Contract), Ten), new TransferLeg(Renter, AccountId.Treasury, Ten)));
        LedgerRules.Validate(Posting(PostingKind.EscrowRelease, new TransferLeg(AccountId.Escrow(Contract), Host, Ten)));
        LedgerRules.Validate(Posting(PostingKind.EscrowSlash, new TransferLeg(AccountId.Escrow(Contract), Renter, Ten), new TransferLeg(AccountId.Escrow(Contract), AccountId.PenaltyPool, Ten)));
        LedgerRules.Validate(Posting(PostingKind.Reward, new TransferLeg(AccountId.Treasury, Host, Ten)));
    }

    [Fact]
    public void EscrowEffect_CountsOnlyTheLegsOfThisContractsEscrow()
    {
        var fund = Posting(PostingKind.EscrowFund, new TransferLeg(Renter, AccountId.Escrow(Contract), Ten), new TransferLeg(Renter, AccountId.Treasury, TokenAmount.FromWholeTokens(3)));
        var slash = Posting(PostingKind.EscrowSlash, new TransferLeg(AccountId.Escrow(Contract), Renter, Ten), new TransferLeg(AccountId.Escrow(Contract), AccountId.PenaltyPool, TokenAmount.FromWholeTokens(1)));

        Assert.Equal((EscrowMovement.Funded, Ten), LedgerRules.EscrowEffect(fund));
        Assert.Equal((EscrowMovement.Slashed, TokenAmount.FromWholeTokens(11)), LedgerRules.EscrowEffect(slash));
        Assert.Null(LedgerRules.EscrowEffect(Posting(PostingKind.Reward, new TransferLeg(AccountId.Treasury, Host, Ten))));
    }
}
