namespace Zhtp.Storage.Economic.Replication;

/// <summary>Factory of contract stores.</summary>
public static class ContractStores
{
    /// <summary>Opens (or creates) a SQLite contract store (WAL, synchronous=FULL).</summary>
    public static IContractStore OpenSqlite(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new SqliteContractStore(path);
    }
}
