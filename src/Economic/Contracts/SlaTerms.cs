namespace Zhtp.Storage.Economic.Contracts;

/// <summary>The service levels a host promises and the penalties for missing them.</summary>
public sealed record SlaTerms
{
    /// <summary>Least share of pings answered in a period. Default 0.95.</summary>
    public decimal MinUptime { get; init; } = 0.95m;

    /// <summary>Largest average response time in a period. Default 5 s.</summary>
    public TimeSpan MaxResponseTime { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Least share of audits passed in a period. Default 0.99.</summary>
    public decimal MinIntegrity { get; init; } = 0.99m;

    /// <summary>Least share of the promised bandwidth delivered. Default 0.80.</summary>
    public decimal MinBandwidthShare { get; init; } = 0.80m;

    /// <summary>Least average quality score in a period. Default 0.70.</summary>
    public decimal MinQualityScore { get; init; } = 0.70m;

    /// <summary>Time between audits of one host. Default 1 h.</summary>
    public TimeSpan AuditInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The penalty schedule, one clause per violation kind.</summary>
    public IReadOnlyList<PenaltyClause> Penalties { get; init; } = DefaultPenalties;

    /// <summary>
    /// The schedule of the original system: data loss 50 % (grace 1 h, ends the contract),
    /// unavailability 10 % (30 min), slow response 5 % (5 min), breach 100 % (none, ends the
    /// contract), quality degradation 20 % (none).
    /// </summary>
    public static IReadOnlyList<PenaltyClause> DefaultPenalties { get; } =
    [
        new(ViolationKind.DataLoss, 0.50m, TimeSpan.FromHours(1), TerminatesContract: true),
        new(ViolationKind.Unavailability, 0.10m, TimeSpan.FromMinutes(30), TerminatesContract: false),
        new(ViolationKind.SlowResponse, 0.05m, TimeSpan.FromMinutes(5), TerminatesContract: false),
        new(ViolationKind.ContractBreach, 1.00m, TimeSpan.Zero, TerminatesContract: true),
        new(ViolationKind.QualityDegradation, 0.20m, TimeSpan.Zero, TerminatesContract: false),
    ];

    /// <summary>The clause for <paramref name="kind"/>.</summary>
    /// <exception cref="ContractException">The schedule has no clause for <paramref name="kind"/>.</exception>
    public PenaltyClause ClauseFor(ViolationKind kind) =>
        Penalties.FirstOrDefault(p => p.Kind == kind) ?? throw new ContractException($"The penalty schedule has no clause for {kind}; add one to SlaTerms.Penalties.");

    /// <inheritdoc />
    public bool Equals(SlaTerms? other) =>
        other is not null && MinUptime == other.MinUptime && MaxResponseTime == other.MaxResponseTime && MinIntegrity == other.MinIntegrity
        && MinBandwidthShare == other.MinBandwidthShare && MinQualityScore == other.MinQualityScore && AuditInterval == other.AuditInterval
        && Penalties.SequenceEqual(other.Penalties);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(MinUptime, MaxResponseTime, MinIntegrity, AuditInterval, Penalties.Count);
}
