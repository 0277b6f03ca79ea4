namespace Zhtp.Storage.Economic.Audits;

/// <summary>
/// Where a host keeps shard bytes (read side, as needed to answer audits and to check a contract's
/// terms before signing). A node's DHT record store is one (<see cref="EconomicHosting.ShardsIn"/>):
/// a shard's id is BLAKE3 of its bytes, which is its DHT key.
/// </summary>
public interface IShardStore
{
    /// <summary>The bytes of <paramref name="shardId"/>, or null when the host does not have them. Never throws for "not held".</summary>
    ValueTask<ReadOnlyMemory<byte>?> GetAsync(Hash256 shardId, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps the shard at least until <paramref name="until"/> (never shortens its life): a host that signed a
    /// contract holds its shards for the whole term, whether or not the renter renews them. The default does
    /// nothing (stores that keep everything forever).
    /// </summary>
    ValueTask KeepUntilAsync(Hash256 shardId, DateTimeOffset until, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
