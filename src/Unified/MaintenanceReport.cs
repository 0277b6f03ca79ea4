using Zhtp.Storage.Content;

namespace Zhtp.Storage.Unified;

/// <summary>What one maintenance pass did.</summary>
/// <param name="Content">One report per content this system owns (renewed, missing and repaired shards).</param>
/// <param name="Duration">How long the pass took (content, then the DHT's expiry, refresh, republish and re-replication).</param>
public sealed record MaintenanceReport(IReadOnlyList<RepairReport> Content, TimeSpan Duration)
{
    /// <summary>Shards rebuilt onto new holders, summed over <see cref="Content"/>.</summary>
    public long ShardsRepaired => Content.Sum(r => r.ShardsRepaired);
}
