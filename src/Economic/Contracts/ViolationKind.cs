namespace Zhtp.Storage.Economic.Contracts;

/// <summary>Ways a host can break a contract's SLA (docs/economics.md, "Penalties").</summary>
public enum ViolationKind
{
    /// <summary>Integrity below the SLA (default 99 %): audits found missing or corrupt data.</summary>
    DataLoss = 0,

    /// <summary>Uptime below the SLA (default 95 %).</summary>
    Unavailability = 1,

    /// <summary>Average response time above the SLA (default 5 s).</summary>
    SlowResponse = 2,

    /// <summary>Bandwidth below the promised share (default 80 %): the contract is breached.</summary>
    ContractBreach = 3,

    /// <summary>Average quality score below the SLA (default 0.7).</summary>
    QualityDegradation = 4,
}
