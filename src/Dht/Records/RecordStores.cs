using Zhtp.Storage.Dht.Records;

namespace Zhtp.Storage.Dht;

/// <summary>Creates record stores.</summary>
public static class RecordStores
{
    /// <summary>A record store in memory with a quota of <paramref name="quotaBytes"/>.</summary>
    public static IRecordStore InMemory(long quotaBytes) => new MemoryRecordStore(quotaBytes);

    /// <summary>
    /// Opens (creating on first use) the persistent record store in <paramref name="directory"/>:
    /// SQLite (WAL, synchronous writes) in <c>records.db</c>, values up to 64 KiB as BLOBs, larger ones appended
    /// to pack files in <c>packs/</c> (their space is freed by hole punching when their records go). Puts that
    /// arrive together are group-committed (one pack fsync, one transaction, one WAL fsync); each put completes once
    /// its commit is durable, and a failed commit fails every put of it with <see cref="RecordStoreWriteException"/>.
    /// Stores of earlier formats (large values as BLOBs, or as files in <c>values/</c>) open unchanged.
    /// Records survive restarts.
    /// </summary>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The database is unreadable or locked by another process.</exception>
    public static IRecordStore OpenSqlite(string directory, long quotaBytes) => SqliteRecordStore.Open(directory, quotaBytes);
}
