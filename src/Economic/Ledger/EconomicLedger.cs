namespace Zhtp.Storage.Economic.Ledger;

/// <summary>Factory of ledgers.</summary>
public static class EconomicLedger
{
    /// <summary>
    /// Opens (or creates) a SQLite ledger file in WAL mode. Commits are transactional; with
    /// <see cref="LedgerDurability.Full"/> a returned commit survives power loss.
    /// </summary>
    /// <param name="path">Database file; its directory must exist.</param>
    /// <param name="durability">Sync level of commits.</param>
    /// <exception cref="LedgerException">The file holds an inconsistent or foreign schema.</exception>
    public static IEconomicLedger OpenSqlite(string path, LedgerDurability durability = LedgerDurability.Full)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new SqliteLedger(path, durability);
    }

    /// <summary>Creates a ledger in memory (SQLite <c>:memory:</c>): same rules, nothing persisted.</summary>
    public static IEconomicLedger CreateInMemory() => new SqliteLedger(":memory:", LedgerDurability.Normal);
}
