using Zhtp.Storage.Dht;

namespace Zhtp.Storage.Content.Pipeline;

/// <summary>
/// The verified shards of one segment (null where not fetched) and the DHT fetch results whose pooled
/// buffers hold them. Dispose once the segment is decoded or rebuilt: the buffers are reused for the
/// next shards, so the shards must not be read afterwards.
/// </summary>
internal sealed class FetchedShards : IDisposable
{
    private readonly List<IDisposable> _owners = [];

    public FetchedShards(int count) => Shards = new ReadOnlyMemory<byte>?[count];

    /// <summary>Shard bytes by shard index.</summary>
    public ReadOnlyMemory<byte>?[] Shards { get; }

    /// <summary>Keeps <paramref name="owner"/> until this is disposed.</summary>
    public void Own(IDisposable? owner)
    {
        if (owner is not null)
        {
            _owners.Add(owner);
        }
    }

    public void Dispose()
    {
        foreach (IDisposable owner in _owners)
        {
            owner.Dispose();
        }

        _owners.Clear();
        Array.Clear(Shards);
    }
}
