namespace Zhtp.Storage.Economic;

/// <summary>Where a host keeps shard bytes (read side, as needed to answer audits).</summary>
public interface IShardStore
{
    /// <summary>The bytes of <paramref name="shardId"/>, or false when the host does not have them.</summary>
    bool TryGet(Hash256 shardId, out ReadOnlyMemory<byte> shard);
}
