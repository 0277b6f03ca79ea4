namespace Zhtp.Storage.Economic.Replication;

/// <summary>How many holders accepted a replicated operation, and why the others refused.</summary>
/// <param name="Accepted">Holders that accepted.</param>
/// <param name="Errors">One reason per refusing or silent holder.</param>
public sealed record ReplicationResult(int Accepted, IReadOnlyList<string> Errors)
{
    /// <summary>Holders that refused or did not answer.</summary>
    public int Rejected => Errors.Count;

    /// <summary>
    /// The accepting holders' verified acknowledgements of a deploy or transition (one BLS aggregate,
    /// plus node signatures of holders without a BLS key), or null when none was collected (a query,
    /// an in-memory replicator, or no valid acknowledgement).
    /// </summary>
    public Attestations.ContractAttestation? Attestation { get; init; }

    /// <summary>Holders that accepted but whose acknowledgement is missing or does not verify.</summary>
    public IReadOnlyList<Attestations.AttestationFault> Faults { get; init; } = [];
}
