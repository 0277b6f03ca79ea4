namespace Zhtp.Storage.Economic;

/// <summary>A node's DHT record store seen as a shard store: shard id = BLAKE3 of the bytes = the record key; only records whose value hashes to the key count.</summary>
internal sealed class RecordShardStore(IRecordStore records) : IShardStore
{
    public async ValueTask<ReadOnlyMemory<byte>?> GetAsync(Hash256 shardId, CancellationToken cancellationToken)
    {
        var record = await records.GetAsync(new DhtKey(shardId), cancellationToken).ConfigureAwait(false);
        return record is null || Blake3Hashing.Compute(record.Value.Span) != shardId ? (ReadOnlyMemory<byte>?)null : record.Value;
    }
}
