namespace Zhtp.Storage.Types;

/// <summary>A snapshot of the storage market as seen by one node. Token amounts are in whole tokens.</summary>
public sealed record EconomicStats
{
    /// <summary>Contracts ever created.</summary>
    public long TotalContracts { get; init; }

    /// <summary>Contracts currently active or under monitoring.</summary>
    public long ActiveContracts { get; init; }

    /// <summary>Bytes stored under active contracts (per replica, not multiplied by replication).</summary>
    public long StorageUnderContractBytes { get; init; }

    /// <summary>Tokens held in escrow for active contracts.</summary>
    public decimal ValueLocked { get; init; }

    /// <summary>Average total value of a contract.</summary>
    public decimal AverageContractValue { get; init; }

    /// <summary>Tokens taken as penalties.</summary>
    public decimal PenaltiesApplied { get; init; }

    /// <summary>Tokens paid as rewards and bonuses.</summary>
    public decimal RewardsPaid { get; init; }

    /// <summary>Audits run, and how many passed.</summary>
    public long AuditsRun { get; init; }

    /// <summary>Audits that passed.</summary>
    public long AuditsPassed { get; init; }
}
