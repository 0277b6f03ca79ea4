namespace Zhtp.Storage.Economic.Replication;

/// <summary>
/// Where contracts live besides their parties: the k closest nodes to the contract id
/// (ContractDeploy / ContractExecute / ContractQuery over the DHT, or in-memory holders in tests).
/// Expected outcomes (refusals, timeouts) are results, not exceptions.
/// </summary>
public interface IContractReplicator
{
    /// <summary>Sends the signed contract to its holders.</summary>
    Task<ReplicationResult> DeployAsync(StorageContract contract, CancellationToken cancellationToken);

    /// <summary>Sends a signed transition to the holders, each of which validates it.</summary>
    Task<ReplicationResult> ExecuteAsync(ContractTransition transition, CancellationToken cancellationToken);

    /// <summary>Every answering holder's status of the contract.</summary>
    Task<IReadOnlyList<ContractStatus>> QueryAsync(Hash256 contractId, CancellationToken cancellationToken);
}
