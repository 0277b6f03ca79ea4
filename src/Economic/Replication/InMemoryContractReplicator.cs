namespace Zhtp.Storage.Economic.Replication;

/// <summary>Replicates to a fixed set of in-process <see cref="ContractHolder"/>s (tests, single-process demos).</summary>
internal sealed class InMemoryContractReplicator : IContractReplicator
{
    private readonly IReadOnlyList<ContractHolder> _holders;

    /// <summary>Creates a replicator over <paramref name="holders"/>.</summary>
    public InMemoryContractReplicator(IReadOnlyList<ContractHolder> holders)
    {
        ArgumentNullException.ThrowIfNull(holders);
        _holders = holders;
    }

    /// <inheritdoc />
    public Task<ReplicationResult> DeployAsync(StorageContract contract, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var payload = contract.Encode();
        return Task.FromResult(Collect(h => h.Deploy(contract.ContractId, payload)));
    }

    /// <inheritdoc />
    public Task<ReplicationResult> ExecuteAsync(ContractTransition transition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transition);
        var payload = transition.Encode();
        return Task.FromResult(Collect(h => h.Execute(transition.ContractId, payload)));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ContractStatus>> QueryAsync(Hash256 contractId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ContractStatus>>(_holders.Select(h => h.Query(contractId)).OfType<ContractStatus>().ToList());

    private ReplicationResult Collect(Func<ContractHolder, string?> operation)
    {
        var errors = new List<string>();
        foreach (var holder in _holders)
        {
            if (operation(holder) is { } error)
            {
                errors.Add(error);
            }
        }

        return new ReplicationResult(_holders.Count - errors.Count, errors);
    }
}
