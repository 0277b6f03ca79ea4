using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Records;

/// <summary>An in-memory <see cref="IRecordStore"/> bounded by a byte quota.</summary>
internal sealed class MemoryRecordStore : IRecordStore, IRecordExpiry
{
    private readonly Dictionary<DhtKey, DhtRecord> _records = [];
    private readonly Lock _lock = new();
    private long _used;

    public MemoryRecordStore(long quotaBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(quotaBytes);
        QuotaBytes = quotaBytes;
    }

    public long QuotaBytes { get; }

    public long UsedBytes => Interlocked.Read(ref _used);

    public long Count
    {
        get
        {
            lock (_lock)
            {
                return _records.Count;
            }
        }
    }

    public ValueTask<bool> ExtendExpiryAsync(DhtKey key, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_records.TryGetValue(key, out DhtRecord? held) || held.Kind == RecordKind.Mutable || held.ExpiresAt <= now)
            {
                return ValueTask.FromResult(false);
            }

            if (expiresAt > held.ExpiresAt)
            {
                _records[key] = held with { ExpiresAt = expiresAt };
            }

            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<RecordPutOutcome> PutAsync(DhtRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock)
        {
            _records.TryGetValue(record.Key, out DhtRecord? held);
            RecordPutOutcome outcome = RecordRules.Decide(held, record, _used, QuotaBytes);
            switch (outcome)
            {
                case RecordPutOutcome.Refreshed:
                    _records[record.Key] = RecordRules.Refresh(held!, record);
                    break;
                case RecordPutOutcome.Stored or RecordPutOutcome.Replaced:
                    _used += record.StorageSize - (held?.StorageSize ?? 0);
                    _records[record.Key] = record with { Value = record.Value.ToArray(), PublishedLocally = record.PublishedLocally || (held?.PublishedLocally ?? false) };
                    break;
            }

            return ValueTask.FromResult(outcome);
        }
    }

    public ValueTask<DhtRecord?> GetAsync(DhtKey key, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_records.GetValueOrDefault(key));
        }
    }

    public ValueTask<bool> RemoveAsync(DhtKey key, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_records.Remove(key, out DhtRecord? held))
            {
                return ValueTask.FromResult(false);
            }

            _used -= held.StorageSize;
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<int> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            List<DhtKey> expired = _records.Where(p => p.Value.ExpiresAt <= now).Select(p => p.Key).ToList();
            foreach (DhtKey key in expired)
            {
                _used -= _records[key].StorageSize;
                _records.Remove(key);
            }

            return ValueTask.FromResult(expired.Count);
        }
    }

    public ValueTask<IReadOnlyList<DhtKey>> KeysAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<DhtKey>>(_records.Keys.ToList());
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
