namespace Zhtp.Storage.Economic.Replication;

/// <summary>How many holders accepted a replicated operation, and why the others refused.</summary>
/// <param name="Accepted">Holders that accepted.</param>
/// <param name="Errors">One reason per refusing or silent holder.</param>
public sealed record ReplicationResult(int Accepted, IReadOnlyList<string> Errors)
{
    /// <summary>Holders that refused or did not answer.</summary>
    public int Rejected => Errors.Count;
}
