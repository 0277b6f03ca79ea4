namespace Zhtp.Storage.Types;

/// <summary>A snapshot of a whole storage node: every layer's stats.</summary>
public sealed record UnifiedStorageStats
{
    /// <summary>DHT counters.</summary>
    public required DhtStats Dht { get; init; }

    /// <summary>Market counters.</summary>
    public required EconomicStats Economic { get; init; }

    /// <summary>Content counters.</summary>
    public required StorageStats Storage { get; init; }

    /// <summary>Time since the node started.</summary>
    public TimeSpan Uptime { get; init; }
}
