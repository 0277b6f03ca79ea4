using Zhtp.Storage.Dht;

namespace Zhtp.Storage.Content;

/// <summary>
/// Chooses the holders of an upload's or a repair's shards instead of the k closest nodes (the
/// unified layer implements it over the storage market: quotes, reputation, subnet diversity,
/// contracts). Null in <see cref="ContentManagerOptions.HostSelector"/> keeps k-closest placement.
/// </summary>
public interface IShardHostSelector
{
    /// <summary>Starts placing one upload or repair: returns the holders to use, best first. Throwing fails the upload (nothing is published).</summary>
    Task<IShardPlacementSession> BeginAsync(ShardHostRequest request, CancellationToken cancellationToken);
}
