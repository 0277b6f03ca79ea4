using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content;

/// <summary>
/// The content layer's only door to the storage market (the unified layer implements it over the
/// economic layer): prices storage and hears about holders that served bad or no data, which feeds
/// reputation.
/// </summary>
public interface IContentEconomics
{
    /// <summary>Prices storing <paramref name="request"/>.</summary>
    ContentStorageCost CalculateStorageCost(ContentCostRequest request);

    /// <summary>Called for each shard a holder failed to serve (missing, corrupt, timed out).</summary>
    void OnShardFault(NodeId holder, ShardFault fault);
}

/// <summary>What is priced: plaintext and stored bytes (after erasure coding), tier, copies and duration.</summary>
/// <param name="PlaintextBytes">Bytes the user stores.</param>
/// <param name="StoredBytes">Bytes placed on holders (plaintext × (k + m) / k, before compression).</param>
/// <param name="Tier">Storage tier.</param>
/// <param name="Replication">Copies the market should keep.</param>
/// <param name="Duration">How long.</param>
public sealed record ContentCostRequest(long PlaintextBytes, long StoredBytes, StorageTier Tier, int Replication, TimeSpan Duration);

/// <summary>A price.</summary>
/// <param name="Total">The total in the market's smallest token unit.</param>
/// <param name="Unit">The unit's name (e.g. "ZHTP").</param>
/// <param name="Breakdown">A human-readable breakdown.</param>
public sealed record ContentStorageCost(decimal Total, string Unit, string Breakdown);
