using Zhtp.Storage.Dht;

namespace Zhtp.Storage.Content;

/// <summary>
/// One upload's or repair's placement with a <see cref="IShardHostSelector"/>. Shard j of every
/// segment goes to <see cref="Holders"/>[j] first (repairs start at the first holder), then to the
/// next holder that holds no other shard of the segment when one refuses.
/// </summary>
public interface IShardPlacementSession
{
    /// <summary>The holders, best first (at least one).</summary>
    IReadOnlyList<Contact> Holders { get; }

    /// <summary>Called (concurrently) for every shard a holder accepted; the bytes are valid during the call only.</summary>
    void OnPlaced(PlacedShard shard);

    /// <summary>Called once every shard is placed, before the manifest is published. Throwing fails the upload or repair.</summary>
    Task CompleteAsync(CancellationToken cancellationToken);
}
