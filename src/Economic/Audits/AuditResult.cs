namespace Zhtp.Storage.Economic.Audits;

/// <summary>How an audit ended.</summary>
public enum AuditResult
{
    /// <summary>The proof verified against the renter's root.</summary>
    Passed = 0,

    /// <summary>An answer came but the proof, leaf, nonce or signature was wrong.</summary>
    InvalidProof = 1,

    /// <summary>The host said it does not have the shard.</summary>
    Missing = 2,

    /// <summary>No answer in time, or a BLS answer whose host's key could not be fetched to check it.</summary>
    NoResponse = 3,
}
