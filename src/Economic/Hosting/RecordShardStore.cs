namespace Zhtp.Storage.Economic.Hosting;

/// <summary>
/// A node's DHT record store seen as a shard store: shard id = BLAKE3 of the bytes = the record key; only records
/// whose value hashes to the key count. Keeping a shard extends its record's expiry (the store never shortens one,
/// and the node's expiry pass then leaves it alone until then): by key when the store can (<see cref="IRecordExpiry"/>,
/// both stores of <see cref="RecordStores"/>: the value is neither read nor rewritten), else by reading the record and
/// putting it back with the later expiry. A record that has already expired is not brought back.
/// </summary>
internal sealed class RecordShardStore(IRecordStore records, TimeProvider time) : IShardStore
{
    public async ValueTask<ReadOnlyMemory<byte>?> GetAsync(Hash256 shardId, CancellationToken cancellationToken)
    {
        var record = await records.GetAsync(new DhtKey(shardId), cancellationToken).ConfigureAwait(false);
        return record is null || Blake3Hashing.Compute(record.Value.Span) != shardId ? (ReadOnlyMemory<byte>?)null : record.Value;
    }

    public async ValueTask KeepUntilAsync(Hash256 shardId, DateTimeOffset until, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        if (records is IRecordExpiry expiry)
        {
            await expiry.ExtendExpiryAsync(new DhtKey(shardId), until, now, cancellationToken).ConfigureAwait(false);
            return;
        }

        var record = await records.GetAsync(new DhtKey(shardId), cancellationToken).ConfigureAwait(false);
        if (record is not null && record.Kind != RecordKind.Mutable && record.ExpiresAt > now && record.ExpiresAt < until)
        {
            await records.PutAsync(record with { ExpiresAt = until }, cancellationToken).ConfigureAwait(false);
        }
    }
}
