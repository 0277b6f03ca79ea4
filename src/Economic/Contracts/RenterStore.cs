namespace Zhtp.Storage.Economic.Contracts;

/// <summary>
/// Durable renter-side state for <see cref="ContractManager"/> (SQLite, WAL, synchronous=FULL): every
/// deployed contract (its terms carry the Merkle roots audits check against), every signed transition,
/// and per contract the audit schedule, the open period's measurements, the quality scores behind the
/// completion bonus and the grace-period sightings. A manager constructed on a reopened store resumes
/// each contract where it was.
/// </summary>
/// <remarks>Thread safety: safe to call concurrently. The caller owns the store and disposes it after the manager.</remarks>
internal sealed class RenterStore : IDisposable
{
    private readonly SqliteContractStore _store;

    private RenterStore(string path) => _store = new SqliteContractStore(path);

    /// <summary>Opens (or creates) the renter store at <paramref name="path"/> (a SQLite file).</summary>
    public static RenterStore OpenSqlite(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new RenterStore(path);
    }

    /// <inheritdoc />
    public void Dispose() => _store.Dispose();

    internal void SaveContract(StorageContract contract) => _store.SaveContract(contract);

    internal void Save(Hash256 contractId, RenterBookkeeping bookkeeping, ContractTransition? transition) =>
        _store.SaveRenterState(contractId, bookkeeping.Encode(), transition);

    internal IReadOnlyList<(StorageContract Contract, IReadOnlyList<ContractTransition> Transitions)> LoadContracts() => _store.LoadAll();

    internal Dictionary<Hash256, byte[]> LoadBookkeeping() => _store.LoadRenterStates();
}
