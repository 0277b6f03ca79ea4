namespace Zhtp.Storage.Economic.Contracts;

/// <summary>What a signed transition does to a contract (docs/economics.md, "Lifecycle", lists who may sign each).</summary>
public enum ContractEvent
{
    /// <summary>Both parties signed: Quote → Contract.</summary>
    Sign = 0,

    /// <summary>The renter funded the escrow: Contract → Active.</summary>
    Fund = 1,

    /// <summary>Either party cancels before funding: Contract → Settlement.</summary>
    Cancel = 2,

    /// <summary>Audits begin: Active → Monitoring.</summary>
    BeginMonitoring = 3,

    /// <summary>A period passed its SLA and its share was released: Monitoring → Monitoring.</summary>
    PassPeriod = 4,

    /// <summary>A period failed without a penalty (grace not yet over); its share was refunded: Monitoring → Monitoring.</summary>
    FailPeriod = 5,

    /// <summary>A violation past its grace period: Monitoring → Violation.</summary>
    ReportViolation = 6,

    /// <summary>The penalty was slashed from escrow: Violation → Penalty.</summary>
    ApplyPenalty = 7,

    /// <summary>The violation is closed: Penalty → Resolution.</summary>
    Resolve = 8,

    /// <summary>Monitoring resumes after a non-terminating penalty: Resolution → Monitoring.</summary>
    Resume = 9,

    /// <summary>The term ended: Monitoring → Completion.</summary>
    Complete = 10,

    /// <summary>Final payment made: Completion → Settlement.</summary>
    Settle = 11,

    /// <summary>Early termination (by the renter, or after a terminating penalty) with refund: Active | Monitoring | Resolution → Settlement.</summary>
    Terminate = 12,
}
