namespace Zhtp.Storage.Economic.Contracts;

/// <summary>
/// Lifecycle of a storage contract: Quote → Contract → Active → Monitoring → Completion →
/// Settlement, with Monitoring → Violation → Penalty → Resolution → (Monitoring | Settlement).
/// </summary>
public enum ContractState
{
    /// <summary>Terms drafted from a quote, not yet signed by both parties.</summary>
    Quote = 0,

    /// <summary>Signed by renter and host; escrow not yet funded.</summary>
    Contract = 1,

    /// <summary>Escrow funded; storage placed.</summary>
    Active = 2,

    /// <summary>Being audited period by period.</summary>
    Monitoring = 3,

    /// <summary>The term has ended; awaiting final settlement.</summary>
    Completion = 4,

    /// <summary>Final: all escrow released, refunded or slashed.</summary>
    Settlement = 5,

    /// <summary>An SLA violation was reported.</summary>
    Violation = 6,

    /// <summary>The penalty for the violation was applied.</summary>
    Penalty = 7,

    /// <summary>The violation is resolved; the contract resumes monitoring or is terminated.</summary>
    Resolution = 8,
}
