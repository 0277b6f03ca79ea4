namespace Zhtp.Storage.Economic.Contracts;

/// <summary>
/// The renter's state of one contract, as <see cref="ContractManager"/> drives it: the record replayed from the
/// signed history and the bookkeeping behind the next decisions — the open period's measurements, the quality
/// scores of closed periods (the completion bonus), lifetime audit counts, and whether a chain of steps was left
/// unfinished by a previous manager. Pure state: no ledger, network or clock.
/// </summary>
/// <remarks>Not thread-safe: one contract is driven by one task at a time.</remarks>
internal sealed class ManagedContract(ContractRecord record)
{
    /// <summary>The contract's record (state, sequence, history).</summary>
    public ContractRecord Record { get; set; } = record;

    /// <summary>The terms.</summary>
    public StorageContract Contract => Record.Contract;

    /// <summary>What was measured in the open billing period.</summary>
    public PeriodMetrics Metrics { get; private set; } = new();

    /// <summary>Audits run over the contract's life.</summary>
    public long AuditsRun { get; private set; }

    /// <summary>Audits passed over the contract's life.</summary>
    public long AuditsPassed { get; private set; }

    /// <summary>True when a previous manager stopped between two steps of a chain; the next tick finishes it.</summary>
    public bool Interrupted { get; set; }

    /// <summary>Average quality score of the closed periods (0 before any).</summary>
    public decimal AverageScore => _scoreCount > 0 ? _scoreSum / _scoreCount : 0m;

    /// <summary>The holders' attestations of the open period's steps with a BLS aggregate (at most <see cref="MaxOpenAttestations"/>, oldest dropped first).</summary>
    public IReadOnlyList<ContractAttestation> OpenAttestations => _open;

    /// <summary>The last closed period's attestations, combined; null before any.</summary>
    public PeriodAttestation? LastPeriodAttestation { get; private set; }

    /// <summary>Most attestations kept for the open period.</summary>
    public const int MaxOpenAttestations = 64;

    /// <summary>The open period's verified BLS audit answers (at most <see cref="MaxOpenAuditAnswers"/>, oldest dropped first).</summary>
    public IReadOnlyList<AuditResponse> OpenAuditAnswers => _openAudits;

    /// <summary>The last closed period's BLS audit answers, aggregated; null when that period had none.</summary>
    public AuditPeriodAttestation? LastAuditAttestation { get; private set; }

    /// <summary>Most BLS audit answers kept for the open period.</summary>
    public const int MaxOpenAuditAnswers = 256;

    private readonly List<ContractAttestation> _open = [];
    private readonly List<AuditResponse> _openAudits = [];
    private decimal _scoreSum;
    private int _scoreCount;

    /// <summary>
    /// Keeps a step's attestation (one without a BLS aggregate is not kept: nothing to combine); when the
    /// step closes a period, combines the period's into <see cref="LastPeriodAttestation"/> and starts afresh.
    /// </summary>
    public void AddAttestation(ContractAttestation? attestation, bool closesPeriod)
    {
        if (attestation is { BlsSigners.Count: > 0 })
        {
            if (_open.Count >= MaxOpenAttestations)
            {
                _open.RemoveAt(0);
            }

            _open.Add(attestation);
        }

        if (closesPeriod && _open.Count > 0)
        {
            var steps = _open.ToArray();
            LastPeriodAttestation = new PeriodAttestation(steps, ContractAttestation.Combine(steps));
            _open.Clear();
        }
    }

    /// <summary>Keeps a BLS audit answer of the open period whose signature the auditor verified.</summary>
    public void AddAuditAnswer(AuditResponse answer)
    {
        if (_openAudits.Count >= MaxOpenAuditAnswers)
        {
            _openAudits.RemoveAt(0);
        }

        _openAudits.Add(answer);
    }

    /// <summary>Counts one audit (its measurement is already in <see cref="Metrics"/>).</summary>
    public void CountAudit(bool passed)
    {
        AuditsRun++;
        AuditsPassed += passed ? 1 : 0;
    }

    /// <summary>Starts a fresh period of measurements.</summary>
    public void ResetMetrics() => Metrics = new PeriodMetrics();

    /// <summary>
    /// Ends the open period <paramref name="period"/>: aggregates its BLS audit answers into
    /// <see cref="LastAuditAttestation"/> (null when there were none), returns its measurements and starts a fresh one.
    /// </summary>
    public PeriodMetrics ClosePeriod(int period)
    {
        LastAuditAttestation = _openAudits.Count == 0 ? null : AuditPeriodAttestation.Create(period, _openAudits.ToArray());
        _openAudits.Clear();
        var closed = Metrics;
        Metrics = new PeriodMetrics();
        return closed;
    }

    /// <summary>Adds a closed period's quality score.</summary>
    public void AddScore(decimal score)
    {
        _scoreSum += score;
        _scoreCount++;
    }

    /// <summary>The bookkeeping row persisted with every step (schedule and grace sightings come from the manager).</summary>
    public RenterBookkeeping ToBookkeeping(DateTimeOffset? nextAudit, IReadOnlyList<(ViolationKind Kind, DateTimeOffset Since)> firstSeen) => new()
    {
        NextAudit = nextAudit,
        Metrics = Metrics,
        ScoreSum = _scoreSum,
        ScoreCount = _scoreCount,
        AuditsRun = AuditsRun,
        AuditsPassed = AuditsPassed,
        FirstSeen = firstSeen,
    };

    /// <summary>Restores persisted bookkeeping.</summary>
    public void Restore(RenterBookkeeping bookkeeping)
    {
        Metrics = bookkeeping.Metrics ?? new PeriodMetrics();
        _scoreSum = bookkeeping.ScoreSum;
        _scoreCount = bookkeeping.ScoreCount;
        AuditsRun = bookkeeping.AuditsRun;
        AuditsPassed = bookkeeping.AuditsPassed;
    }
}
