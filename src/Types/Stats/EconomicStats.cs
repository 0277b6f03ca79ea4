namespace Zhtp.Storage.Types;

/// <summary>
/// A snapshot of the storage market as seen by one node (a renter's <c>ContractManager.GetStats</c>).
/// Token amounts are in tokens as exact decimals (micro-token precision).
/// </summary>
public sealed record EconomicStats
{
    /// <summary>Contracts ever created.</summary>
    public long TotalContracts { get; init; }

    /// <summary>Contracts funded and not yet settled (Active, Monitoring, Violation, Penalty or Resolution).</summary>
    public long ActiveContracts { get; init; }

    /// <summary>Bytes stored under live contracts, summed over contracts (one contract per host, so each replica counts).</summary>
    public long StorageUnderContractBytes { get; init; }

    /// <summary>Tokens held in escrow for the contracts (funded minus released, slashed and refunded).</summary>
    public decimal ValueLocked { get; init; }

    /// <summary>Average value (host payment) of a contract.</summary>
    public decimal AverageContractValue { get; init; }

    /// <summary>Tokens slashed as penalties.</summary>
    public decimal PenaltiesApplied { get; init; }

    /// <summary>Tokens paid as performance bonuses.</summary>
    public decimal RewardsPaid { get; init; }

    /// <summary>Storage audits run.</summary>
    public long AuditsRun { get; init; }

    /// <summary>Audits that passed.</summary>
    public long AuditsPassed { get; init; }
}
