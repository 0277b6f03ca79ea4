using Zhtp.Storage.Dht.Records;

namespace Zhtp.Storage.Dht;

/// <summary>Creates record stores.</summary>
public static class RecordStores
{
    /// <summary>A record store in memory with a quota of <paramref name="quotaBytes"/>.</summary>
    public static IRecordStore InMemory(long quotaBytes) => new MemoryRecordStore(quotaBytes);

    /// <summary>
    /// Opens (creating on first use) the persistent record store in <paramref name="directory"/>:
    /// SQLite (WAL, synchronous writes) in <c>records.db</c>, values above 64 KiB as files in
    /// <c>values/</c> written atomically. Records survive restarts.
    /// </summary>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The database is unreadable or locked by another process.</exception>
    public static IRecordStore OpenSqlite(string directory, long quotaBytes) => SqliteRecordStore.Open(directory, quotaBytes);
}
