using System.Collections.Concurrent;

namespace Zhtp.Storage.Economic.Contracts;

// Implementation notes
// Order of effects for every step: (1) ledger postings, idempotent by ids derived from the
// contract and the event; (2) the signed transition, applied locally through the state machine;
// (3) replication of the transition to the holders. A crash between (1) and (2) is repaired by
// running the step again: the postings report AlreadyApplied and the transition follows. The
// renter is the auditor and signs every monitoring transition.
// With a RenterStore, step (2) also writes the transition and the contract's bookkeeping (audit
// schedule, open period's metrics, scores, grace sightings) in one SQLite transaction, and every
// audit rewrites the bookkeeping. On construction the manager replays each stored history through
// the state machine and restores the bookkeeping; a contract left between two steps of one chain
// (funded but still Contract, Active, Violation, Penalty, Resolution, Completion) is finished by the
// next TickAsync, whose postings are found already applied, so nothing is paid twice.
/// <summary>
/// The renter's side of storage contracts: deploys signed contracts to their holders, funds escrow,
/// audits hosts, closes billing periods (release, refund, penalties, reputation) and settles.
/// </summary>
/// <remarks>Not thread-safe per contract: drive one contract from one task at a time.</remarks>
internal sealed partial class ContractManager
{
    private readonly INodeSigner _renter;
    private readonly IContractReplicator _replicator;
    private readonly PaymentProcessor _payments;
    private readonly ReputationSystem _reputation;
    private readonly QualityAssurance _quality;
    private readonly PenaltyEnforcer _penalties = new();
    private readonly IncentiveSystem _incentives;
    private readonly TimeProvider _time;
    private readonly ISignatureVerifier _verifier;
    private readonly ConcurrentDictionary<Hash256, ManagedContract> _contracts = new();
    private readonly RenterStore? _store;
    private readonly AuditScheduler _scheduler;
    private readonly Lock _schedulerGate = new();
    private long _auditsRun;
    private long _auditsPassed;

    /// <summary>Creates a manager acting for the renter <paramref name="renter"/>.</summary>
    /// <param name="renter">The renter's signer (signs every transition).</param>
    /// <param name="replicator">Where contracts and transitions are replicated.</param>
    /// <param name="payments">Ledger operations.</param>
    /// <param name="reputation">Host reputation, updated per period.</param>
    /// <param name="quality">The auditor.</param>
    /// <param name="time">The clock.</param>
    /// <param name="verifier">Signature verification.</param>
    /// <param name="scheduleRandom">Source of audit-time offsets (default: seeded from the renter key, so runs are reproducible).</param>
    /// <param name="store">
    /// Where the renter's contracts and bookkeeping are persisted; when it already holds contracts,
    /// the manager resumes each one where it was (state, sequence, audit schedule, open period's
    /// measurements). Contracts left between two steps are finished by the next <see cref="TickAsync"/>.
    /// </param>
    public ContractManager(
        INodeSigner renter, IContractReplicator replicator, PaymentProcessor payments, ReputationSystem reputation,
        QualityAssurance quality, TimeProvider time, ISignatureVerifier verifier, Random? scheduleRandom = null, RenterStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(renter);
        ArgumentNullException.ThrowIfNull(replicator);
        ArgumentNullException.ThrowIfNull(payments);
        ArgumentNullException.ThrowIfNull(reputation);
        ArgumentNullException.ThrowIfNull(quality);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(verifier);
        _renter = renter;
        _replicator = replicator;
        _payments = payments;
        _reputation = reputation;
        _quality = quality;
        _incentives = new IncentiveSystem(payments, reputation);
        _time = time;
        _verifier = verifier;
        _scheduler = new AuditScheduler(scheduleRandom ?? new Random(BitConverter.ToInt32(renter.PublicKey.Span[1..5])));
        _store = store;
        if (store is not null)
        {
            Load(store);
        }
    }

    /// <summary>Every contract this manager drives, by id.</summary>
    public IReadOnlyDictionary<Hash256, ContractRecord> Contracts => _contracts.ToDictionary(e => e.Key, e => e.Value.Record);

    /// <summary>Audits run so far.</summary>
    public long AuditsRun => Interlocked.Read(ref _auditsRun);

    /// <summary>Audits passed so far.</summary>
    public long AuditsPassed => Interlocked.Read(ref _auditsPassed);

    /// <summary>The contract's record.</summary>
    /// <exception cref="ContractException">The contract is unknown to this manager.</exception>
    public ContractRecord Get(Hash256 contractId) => Managed(contractId).Record;

    private ManagedContract Managed(Hash256 contractId) =>
        _contracts.TryGetValue(contractId, out var managed) ? managed : throw new ContractException($"Contract {contractId} is not managed here; deploy it first.");

    /// <summary>
    /// The holders' attestations of the last closed billing period of <paramref name="contractId"/> (its steps
    /// combined into one 96-byte signature), or null before any, or when the replicator collects none.
    /// Kept in memory only.
    /// </summary>
    public PeriodAttestation? LastPeriodAttestationOf(Hash256 contractId) => Managed(contractId).LastPeriodAttestation;

    /// <summary>
    /// The BLS-signed audit answers of the last closed billing period of <paramref name="contractId"/>, aggregated
    /// into one 96-byte signature (one AggregateVerify checks them all), or null before any period closed or when
    /// the last had no BLS answers (a host without a BLS key answers with its node key; those are not aggregated).
    /// Kept in memory only.
    /// </summary>
    public AuditPeriodAttestation? LastAuditAttestationOf(Hash256 contractId) => Managed(contractId).LastAuditAttestation;

    /// <summary>Deploys a contract signed by both parties to its holders and starts tracking it (state Contract).</summary>
    /// <exception cref="ContractException">A signature is missing or wrong, or the renter key is not this manager's.</exception>
    public async Task<(ContractRecord Record, ReplicationResult Replication)> DeployAsync(StorageContract contract, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        if (!contract.RenterKey.Span.SequenceEqual(_renter.PublicKey.Span))
        {
            throw new ContractException("The contract's renter is not this manager's renter key.");
        }

        var record = ContractRecord.Create(contract, _verifier);
        if (record.State != ContractState.Contract)
        {
            throw new ContractException($"Contract {contract.ContractId} is not signed by both parties; get the host's signature first.");
        }

        _store?.SaveContract(contract);
        _contracts[contract.ContractId] = new ManagedContract(record);
        var replication = await _replicator.DeployAsync(contract, cancellationToken).ConfigureAwait(false);
        Managed(contract.ContractId).AddAttestation(replication.Attestation, closesPeriod: false);
        return (record, replication);
    }

    /// <summary>Funds the escrow (value to escrow, fees to the treasury) and starts monitoring.</summary>
    /// <exception cref="LedgerException">The renter's balance does not cover value + fees (the contract stays unfunded).</exception>
    public async Task<ContractRecord> ActivateAsync(Hash256 contractId, CancellationToken cancellationToken)
    {
        var record = Get(contractId);
        _payments.Fund(record.Contract);
        Managed(contractId).ResetMetrics();
        lock (_schedulerGate)
        {
            _scheduler.Add(record.Contract, _time.GetUtcNow());
        }

        record = await StepAsync(record, ContractEvent.Fund, cancellationToken, amount: record.Contract.Value).ConfigureAwait(false);
        return await StepAsync(record, ContractEvent.BeginMonitoring, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one audit (a random leaf of a random shard) and one ping of the contract's host and records them in the current period.</summary>
    public async Task<AuditOutcome> AuditAsync(Hash256 contractId, CancellationToken cancellationToken)
    {
        var managed = Managed(contractId);
        var (outcome, blsAnswer) = await _quality.AuditWithAnswerAsync(managed.Contract, cancellationToken).ConfigureAwait(false);
        managed.Metrics.RecordAudit(outcome);
        if (blsAnswer is not null)
        {
            managed.AddAuditAnswer(blsAnswer);
        }

        var (answered, elapsed) = await _quality.PingAsync(managed.Contract, cancellationToken).ConfigureAwait(false);
        managed.Metrics.RecordPing(answered, elapsed);
        Interlocked.Increment(ref _auditsRun);
        var passed = outcome.Result == AuditResult.Passed;
        if (passed)
        {
            Interlocked.Increment(ref _auditsPassed);
        }

        managed.CountAudit(passed);
        _store?.Save(contractId, Bookkeeping(contractId), null);
        return outcome;
    }

    /// <summary>
    /// Closes billing period <paramref name="period"/>: evaluates the SLA over what was measured,
    /// then either releases the period's share (pass), refunds it (fail within grace), or refunds it
    /// and applies the penalty (violation past grace), resuming or terminating the contract.
    /// </summary>
    public async Task<PeriodReport> ClosePeriodAsync(Hash256 contractId, int period, CancellationToken cancellationToken)
    {
        var managed = Managed(contractId);
        var record = managed.Record;
        var contract = record.Contract;
        var evaluation = SlaEvaluation.Evaluate(managed.ClosePeriod(period), contract.Sla);
        managed.AddScore(evaluation.QualityScore);
        var now = _time.GetUtcNow();
        var periodStart = contract.StartsAt + (contract.BillingPeriod * period);
        var host = contract.Host;
        if (evaluation.Passed)
        {
            _penalties.Observe(contract, evaluation, periodStart, now);
            var released = _payments.ReleasePeriod(contract, period);
            record = await StepAsync(record, ContractEvent.PassPeriod, cancellationToken, period, amount: released).ConfigureAwait(false);
            return new PeriodReport(period, evaluation, null, released, TokenAmount.Zero, TokenAmount.Zero, _reputation.RecordPassedPeriod(host, evaluation.QualityScore), record.State);
        }

        var refunded = _payments.RefundPeriod(contract, period);
        if (_penalties.Observe(contract, evaluation, periodStart, now) is not { } kind)
        {
            record = await StepAsync(record, ContractEvent.FailPeriod, cancellationToken, period, amount: refunded).ConfigureAwait(false);
            return new PeriodReport(period, evaluation, null, TokenAmount.Zero, refunded, TokenAmount.Zero, _reputation.RecordFailedPeriod(host), record.State);
        }

        record = await StepAsync(record, ContractEvent.ReportViolation, cancellationToken, period, kind, refunded).ConfigureAwait(false);
        var (final, slashed, toRenter, reputation) = await FinishViolationAsync(record, period, kind, cancellationToken).ConfigureAwait(false);
        return new PeriodReport(period, evaluation, kind, TokenAmount.Zero, refunded + toRenter, slashed, reputation ?? _reputation.GetScore(host), final.State);
    }

    // Violation → ApplyPenalty → Penalty → Resolve → Resolution → Terminate | Resume, from whichever
    // of these states the record is in (a restarted manager continues an interrupted chain).
    private async Task<(ContractRecord Record, TokenAmount Slashed, TokenAmount ToRenter, int? Reputation)> FinishViolationAsync(
        ContractRecord record, int period, ViolationKind kind, CancellationToken cancellationToken)
    {
        var contract = record.Contract;
        var slashed = TokenAmount.Zero;
        var toRenter = TokenAmount.Zero;
        int? reputation = null;
        if (record.State == ContractState.Violation)
        {
            slashed = _payments.Slash(contract, record.Sequence + 1, kind);
            record = await StepAsync(record, ContractEvent.ApplyPenalty, cancellationToken, period, kind, slashed).ConfigureAwait(false);
        }

        if (record.State == ContractState.Penalty)
        {
            record = await StepAsync(record, ContractEvent.Resolve, cancellationToken, period, kind).ConfigureAwait(false);
            reputation = _reputation.RecordViolation(contract.Host, kind);
        }

        if (contract.Sla.ClauseFor(kind).TerminatesContract)
        {
            (_, toRenter) = _payments.Terminate(contract, record.PeriodsPassed, hostAtFault: true);
            record = await StepAsync(record, ContractEvent.Terminate, cancellationToken, amount: toRenter).ConfigureAwait(false);
            _penalties.Forget(contract.ContractId);
        }
        else
        {
            record = await StepAsync(record, ContractEvent.Resume, cancellationToken).ConfigureAwait(false);
        }

        return (record, slashed, toRenter, reputation);
    }

    /// <summary>Completes a contract whose periods are all evaluated: pays what is left in escrow to the host, the performance bonus, and settles.</summary>
    public async Task<(ContractRecord Record, TokenAmount Paid, TokenAmount Bonus)> CompleteAsync(Hash256 contractId, CancellationToken cancellationToken)
    {
        var record = Get(contractId);
        record = await StepAsync(record, ContractEvent.Complete, cancellationToken).ConfigureAwait(false);
        return await SettleCompletedAsync(record, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(ContractRecord Record, TokenAmount Paid, TokenAmount Bonus)> SettleCompletedAsync(ContractRecord record, CancellationToken cancellationToken)
    {
        var contractId = record.Contract.ContractId;
        var paid = _payments.SettleCompletion(record.Contract, record.PeriodsPassed);
        var score = Managed(contractId).AverageScore;
        var bonus = _incentives.RewardCompletion(record, score);
        record = await StepAsync(record, ContractEvent.Settle, cancellationToken, amount: paid).ConfigureAwait(false);
        _penalties.Forget(contractId);
        return (record, paid, bonus);
    }

    /// <summary>Early termination by the renter (host not at fault): the host keeps its released shares plus the completion share pro rata to periods passed; the rest is refunded.</summary>
    public async Task<(ContractRecord Record, TokenAmount ToHost, TokenAmount ToRenter)> TerminateAsync(Hash256 contractId, CancellationToken cancellationToken)
    {
        var record = Get(contractId);
        if (ContractStateMachine.Next(record.State, ContractEvent.Terminate) is null)
        {
            throw new IllegalTransitionException(record.State, ContractEvent.Terminate, $"Contract {contractId}: Terminate refused: not allowed in state {record.State}.");
        }

        var (toHost, toRenter) = _payments.Terminate(record.Contract, record.PeriodsPassed, hostAtFault: false);
        record = await StepAsync(record, ContractEvent.Terminate, cancellationToken, amount: toRenter).ConfigureAwait(false);
        _penalties.Forget(contractId);
        return (record, toHost, toRenter);
    }

    /// <summary>Cancels a signed but unfunded contract.</summary>
    public Task<ContractRecord> CancelAsync(Hash256 contractId, CancellationToken cancellationToken) =>
        StepAsync(Get(contractId), ContractEvent.Cancel, cancellationToken);

    /// <summary>Statistics over every managed contract and the ledger.</summary>
    public EconomicStats GetStats()
    {
        var records = _contracts.Values.Select(m => m.Record).ToList();
        var live = records.Where(r => r.State is ContractState.Active or ContractState.Monitoring or ContractState.Violation or ContractState.Penalty or ContractState.Resolution).ToList();
        var rewards = records.Select(r => _payments.Ledger.GetPosting($"bonus/{r.Contract.ContractId}")).OfType<LedgerPosting>()
            .SelectMany(p => p.Legs).Aggregate(TokenAmount.Zero, (sum, leg) => sum + leg.Amount);
        return new EconomicStats
        {
            TotalContracts = records.Count,
            ActiveContracts = live.Count,
            StorageUnderContractBytes = live.Sum(r => r.Contract.SizeBytes),
            ValueLocked = records.Aggregate(TokenAmount.Zero, (sum, r) => sum + _payments.Locked(r.Contract)).Tokens,
            AverageContractValue = records.Count == 0 ? 0m : records.Aggregate(TokenAmount.Zero, (sum, r) => sum + r.Contract.Value).Tokens / records.Count,
            PenaltiesApplied = records.Aggregate(TokenAmount.Zero, (sum, r) => sum + r.PenaltiesApplied).Tokens,
            RewardsPaid = rewards.Tokens,
            AuditsRun = AuditsRun,
            AuditsPassed = AuditsPassed,
        };
    }

    private async Task<ContractRecord> StepAsync(
        ContractRecord record, ContractEvent ev, CancellationToken cancellationToken, int period = -1, ViolationKind? violation = null, TokenAmount amount = default)
    {
        var at = _time.GetUtcNow();
        if (at < record.LastAt)
        {
            at = record.LastAt;
        }

        var transition = ContractTransition.Create(record.Contract.ContractId, record.Sequence + 1, ev, at, _renter, period, violation, amount);
        var next = ContractStateMachine.Apply(record, transition, _verifier);
        _store?.Save(record.Contract.ContractId, Bookkeeping(record.Contract.ContractId), transition);
        Managed(record.Contract.ContractId).Record = next;
        var replication = await _replicator.ExecuteAsync(transition, cancellationToken).ConfigureAwait(false);
        Managed(record.Contract.ContractId).AddAttestation(replication.Attestation, closesPeriod: ev is ContractEvent.PassPeriod or ContractEvent.FailPeriod);
        return next;
    }
}
