namespace Zhtp.Storage.Economic.Replication;

/// <summary>
/// A read-only view of the contracts a host holds as one of the k closest nodes to their ids
/// (<see cref="Hosting.IEconomicHost.Holder"/>). Deploys and transitions reach it only over the DHT,
/// after both parties' signatures and the contract state machine accept them.
/// </summary>
/// <remarks>Thread safety: all members are safe to call concurrently.</remarks>
public interface IContractHolder
{
    /// <summary>Most contracts held; deploys beyond it are refused.</summary>
    int MaxContracts { get; }

    /// <summary>Contracts held now.</summary>
    int Count { get; }

    /// <summary>The replicated status of <paramref name="contractId"/>, or null when it is not held here.</summary>
    ContractStatus? Query(Hash256 contractId);

    /// <summary>The full record (contract, state and signed history) of <paramref name="contractId"/>, or null when it is not held here.</summary>
    ContractRecord? FindRecord(Hash256 contractId);
}
