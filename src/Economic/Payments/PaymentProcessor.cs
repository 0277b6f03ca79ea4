using System.Globalization;

namespace Zhtp.Storage.Economic.Payments;

// Implementation notes
// Every payment is one ledger posting whose id is derived from the business event
// ("release/<contract>/<period>"), so a retry after a crash finds the posting already applied and
// returns what it moved instead of paying twice. Amounts that depend on the escrow balance are
// capped at what is locked, so a posting never fails for lack of funds once the contract is funded.
/// <summary>
/// Moves a contract's money on the ledger: funding, per-period release and refund, penalties,
/// completion, early termination and bonuses (rules in docs/economics.md, "Escrow").
/// </summary>
internal sealed class PaymentProcessor
{
    private readonly IEconomicLedger _ledger;
    private readonly EconomicConfig _config;

    /// <summary>Creates a processor over <paramref name="ledger"/>.</summary>
    public PaymentProcessor(IEconomicLedger ledger, EconomicConfig config)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(config);
        config.EnsureValid();
        _ledger = ledger;
        _config = config;
    }

    /// <summary>The ledger payments go to.</summary>
    public IEconomicLedger Ledger => _ledger;

    /// <summary>The renter's account of <paramref name="contract"/>.</summary>
    public static AccountId RenterAccount(StorageContract contract) => AccountId.User(Require(contract).Renter);

    /// <summary>The host's account of <paramref name="contract"/>.</summary>
    public static AccountId HostAccount(StorageContract contract) => AccountId.Host(Require(contract).Host);

    /// <summary>The part of the value released pro rata over the periods (value × scheduled share, rounded down).</summary>
    public TokenAmount ScheduledPool(StorageContract contract) =>
        Require(contract).Value.MulDiv(ContractCodec.Ppm(_config.ScheduledReleaseShare), 1_000_000);

    /// <summary>The scheduled share of <paramref name="period"/>: pool × (p+1)/P − pool × p/P, so the shares add up to the pool exactly.</summary>
    public TokenAmount ScheduledShare(StorageContract contract, int period)
    {
        var pool = ScheduledPool(contract);
        return pool.MulDiv(period + 1, contract.Periods) - pool.MulDiv(period, contract.Periods);
    }

    /// <summary>Locks the value in escrow and pays the fees to the treasury (idempotent).</summary>
    /// <exception cref="LedgerException">The renter cannot pay value + fees.</exception>
    public TokenAmount Fund(StorageContract contract)
    {
        var id = Id("fund", contract);
        var legs = new List<TransferLeg>();
        if (!contract.Value.IsZero)
        {
            legs.Add(new TransferLeg(RenterAccount(contract), AccountId.Escrow(contract.ContractId), contract.Value));
        }

        if (!contract.Fees.IsZero)
        {
            legs.Add(new TransferLeg(RenterAccount(contract), AccountId.Treasury, contract.Fees));
        }

        return legs.Count == 0 ? TokenAmount.Zero : PostOnce(new LedgerPosting(id, PostingKind.EscrowFund, contract.ContractId, legs));
    }

    /// <summary>True once the funding posting of <paramref name="contract"/> is on the ledger.</summary>
    internal bool IsFunded(StorageContract contract) => _ledger.HasPosting(Id("fund", contract));

    /// <summary>Releases a passed period's scheduled share to the host (capped at what is locked).</summary>
    public TokenAmount ReleasePeriod(StorageContract contract, int period) =>
        FromEscrow(contract, Id("release", contract, period), PostingKind.EscrowRelease, HostAccount(contract), ScheduledShare(contract, period));

    /// <summary>Refunds a failed period's scheduled share to the renter (capped at what is locked).</summary>
    public TokenAmount RefundPeriod(StorageContract contract, int period) =>
        FromEscrow(contract, Id("refund", contract, period), PostingKind.EscrowRefund, RenterAccount(contract), ScheduledShare(contract, period));

    /// <summary>
    /// Slashes the penalty for <paramref name="kind"/> (share of the value from the schedule, capped at
    /// what is locked): the penalty-pool share to the pool, the rest to the renter. Returns the total slashed.
    /// </summary>
    public TokenAmount Slash(StorageContract contract, long sequence, ViolationKind kind)
    {
        var id = Id("slash", contract, sequence);
        if (_ledger.GetPosting(id) is { } done)
        {
            return Sum(done);
        }

        var amount = TokenAmount.Min(PenaltyFor(contract, kind), Locked(contract));
        if (amount.IsZero)
        {
            return amount;
        }

        var pool = amount.MulDiv(ContractCodec.Ppm(_config.PenaltyPoolShare), 1_000_000);
        var legs = new List<TransferLeg>();
        var escrow = AccountId.Escrow(contract.ContractId);
        if (amount - pool > TokenAmount.Zero)
        {
            legs.Add(new TransferLeg(escrow, RenterAccount(contract), amount - pool));
        }

        if (!pool.IsZero)
        {
            legs.Add(new TransferLeg(escrow, AccountId.PenaltyPool, pool));
        }

        return PostOnce(new LedgerPosting(id, PostingKind.EscrowSlash, contract.ContractId, legs));
    }

    /// <summary>The schedule's penalty for <paramref name="kind"/>: its share of the contract value.</summary>
    public static TokenAmount PenaltyFor(StorageContract contract, ViolationKind kind) => Require(contract).Value.Times(contract.Sla.ClauseFor(kind).ShareOfValue);

    /// <summary>
    /// Settles a completed contract: when every period passed, pays everything still locked to the host (the
    /// completion share plus rounding); otherwise the host gets the completion share pro rata to the periods it
    /// passed and the rest is refunded to the renter, so escrow pays only for service delivered. Returns what the host got.
    /// </summary>
    public TokenAmount SettleCompletion(StorageContract contract, int periodsPassed)
    {
        if (periodsPassed >= Require(contract).Periods)
        {
            return FromEscrow(contract, Id("complete", contract), PostingKind.EscrowRelease, HostAccount(contract), Locked(contract));
        }

        var completionShare = contract.Value - ScheduledPool(contract);
        var toHost = TokenAmount.Min(completionShare.MulDiv(Math.Max(0, periodsPassed), contract.Periods), Locked(contract));
        var paid = FromEscrow(contract, Id("complete", contract), PostingKind.EscrowRelease, HostAccount(contract), toHost);
        FromEscrow(contract, Id("complete-refund", contract), PostingKind.EscrowRefund, RenterAccount(contract), Locked(contract));
        return paid;
    }

    /// <summary>
    /// Early termination. When the host is not at fault it receives the completion share pro rata
    /// to the periods it passed; everything else still locked is refunded to the renter.
    /// </summary>
    public (TokenAmount ToHost, TokenAmount ToRenter) Terminate(StorageContract contract, int periodsPassed, bool hostAtFault)
    {
        var completionShare = contract.Value - ScheduledPool(contract);
        var toHost = hostAtFault ? TokenAmount.Zero : TokenAmount.Min(completionShare.MulDiv(periodsPassed, contract.Periods), Locked(contract));
        var paid = FromEscrow(contract, Id("terminate-host", contract), PostingKind.EscrowRelease, HostAccount(contract), toHost);
        var refunded = FromEscrow(contract, Id("terminate-renter", contract), PostingKind.EscrowRefund, RenterAccount(contract), Locked(contract));
        return (paid, refunded);
    }

    /// <summary>Pays a performance bonus from the treasury (capped at the treasury's balance).</summary>
    public TokenAmount PayBonus(StorageContract contract, TokenAmount bonus)
    {
        var id = Id("bonus", contract);
        if (_ledger.GetPosting(id) is { } done)
        {
            return Sum(done);
        }

        var amount = TokenAmount.Min(bonus, _ledger.GetBalance(AccountId.Treasury));
        return amount > TokenAmount.Zero
            ? PostOnce(LedgerPosting.OneLeg(id, PostingKind.Reward, AccountId.Treasury, HostAccount(contract), amount))
            : TokenAmount.Zero;
    }

    /// <summary>Tokens still locked for <paramref name="contract"/>.</summary>
    public TokenAmount Locked(StorageContract contract) => _ledger.GetEscrow(Require(contract).ContractId).Locked;

    private TokenAmount FromEscrow(StorageContract contract, string id, PostingKind kind, AccountId to, TokenAmount wanted)
    {
        if (_ledger.GetPosting(id) is { } done)
        {
            return Sum(done);
        }

        var amount = TokenAmount.Min(wanted, Locked(contract));
        return amount > TokenAmount.Zero
            ? PostOnce(LedgerPosting.OneLeg(id, kind, AccountId.Escrow(contract.ContractId), to, amount).WithContract(contract.ContractId))
            : TokenAmount.Zero;
    }

    private TokenAmount PostOnce(LedgerPosting posting)
    {
        _ledger.Post(posting);
        return Sum(posting);
    }

    private static TokenAmount Sum(LedgerPosting posting) => posting.Legs.Aggregate(TokenAmount.Zero, (sum, leg) => sum + leg.Amount);

    private static string Id(string what, StorageContract contract) => $"{what}/{contract.ContractId}";

    private static string Id(string what, StorageContract contract, long number) =>
        string.Create(CultureInfo.InvariantCulture, $"{what}/{contract.ContractId}/{number}");

    private static StorageContract Require(StorageContract contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        return contract;
    }
}
