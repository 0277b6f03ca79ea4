namespace Zhtp.Storage.Economic.Tests;

/// <summary>A host's shards in memory, with faults to inject.</summary>
public sealed class MemoryShardStore : IShardStore
{
    private readonly Dictionary<Hash256, byte[]> _shards = [];

    public void Put(Hash256 id, byte[] bytes) => _shards[id] = bytes.ToArray();

    public void Drop(Hash256 id) => _shards.Remove(id);

    public void Corrupt(Hash256 id)
    {
        var bytes = _shards[id];
        for (var i = 0; i < bytes.Length; i += 97)
        {
            bytes[i] ^= 0x5A;
        }
    }

    public ValueTask<ReadOnlyMemory<byte>?> GetAsync(Hash256 shardId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_shards.TryGetValue(shardId, out var bytes) ? (ReadOnlyMemory<byte>?)bytes : null);
}
