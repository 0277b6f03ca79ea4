using Zhtp.Storage.Dht.Records;

namespace Zhtp.Storage.Dht;

/// <summary>Creates record stores.</summary>
public static class RecordStores
{
    /// <summary>A record store in memory with a quota of <paramref name="quotaBytes"/>.</summary>
    public static IRecordStore InMemory(long quotaBytes) => new MemoryRecordStore(quotaBytes);

    /// <summary>
    /// Opens (creating on first use) the persistent record store in <paramref name="directory"/>:
    /// SQLite (WAL, synchronous writes) in <c>records.db</c>, values as BLOBs in their rows. Puts that
    /// arrive together are group-committed (one transaction, one fsync); each put completes once its
    /// commit is durable, and a failed commit fails every put of it with <see cref="RecordStoreWriteException"/>.
    /// Stores of the earlier format (values above 64 KiB as files in <c>values/</c>) open unchanged.
    /// Records survive restarts.
    /// </summary>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The database is unreadable or locked by another process.</exception>
    public static IRecordStore OpenSqlite(string directory, long quotaBytes) => SqliteRecordStore.Open(directory, quotaBytes);
}
