namespace Zhtp.Storage.Economic.Replication;

/// <summary>Durable storage of contracts and their signed transitions, so a holder survives restarts.</summary>
public interface IContractStore : IDisposable
{
    /// <summary>Stores a deployed contract (idempotent).</summary>
    void SaveContract(StorageContract contract);

    /// <summary>Appends an applied transition (idempotent per contract and sequence).</summary>
    void AppendTransition(ContractTransition transition);

    /// <summary>Every stored contract with its transitions in sequence order.</summary>
    IReadOnlyList<(StorageContract Contract, IReadOnlyList<ContractTransition> Transitions)> LoadAll();
}
