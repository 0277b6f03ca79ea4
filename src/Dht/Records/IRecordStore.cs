using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht;

/// <summary>
/// Where a node keeps the records it holds, bounded by a byte quota. Implementations: in memory
/// (<see cref="RecordStores.InMemory"/>) and SQLite in the data directory (<see cref="RecordStores.OpenSqlite"/>).
/// Records are validated by the node before they reach the store. Thread-safe.
/// </summary>
public interface IRecordStore : IAsyncDisposable
{
    /// <summary>The quota in bytes (<see cref="DhtRecord.StorageSize"/> summed over held records).</summary>
    long QuotaBytes { get; }

    /// <summary>Bytes currently charged against the quota.</summary>
    long UsedBytes { get; }

    /// <summary>Records held.</summary>
    long Count { get; }

    /// <summary>Stores, replaces or refreshes <paramref name="record"/> following the rules of <see cref="RecordPutOutcome"/>. Durable when the task completes.</summary>
    ValueTask<RecordPutOutcome> PutAsync(DhtRecord record, CancellationToken cancellationToken = default);

    /// <summary>The record under <paramref name="key"/>, or null.</summary>
    ValueTask<DhtRecord?> GetAsync(DhtKey key, CancellationToken cancellationToken = default);

    /// <summary>Removes the record under <paramref name="key"/>; true when one was held.</summary>
    ValueTask<bool> RemoveAsync(DhtKey key, CancellationToken cancellationToken = default);

    /// <summary>Removes every record whose expiry is at or before <paramref name="now"/>; returns how many.</summary>
    ValueTask<int> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The keys of every held record (a snapshot).</summary>
    ValueTask<IReadOnlyList<DhtKey>> KeysAsync(CancellationToken cancellationToken = default);
}
