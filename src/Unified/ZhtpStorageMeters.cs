namespace Zhtp.Storage.Unified;

/// <summary>
/// Names of the <see cref="System.Diagnostics.Metrics.Meter"/>s a storage system publishes, one per layer
/// (subscribe with OpenTelemetry's <c>AddMeter</c>, <c>dotnet-counters --counters</c> or a <c>MeterListener</c>).
/// Each meter carries the tag <c>zhtp.node.id</c>; docs/getting-started.md lists the instruments.
/// </summary>
public static class ZhtpStorageMeters
{
    /// <summary>Messages, lookups (latency histogram <c>zhtp.dht.lookup.duration</c>), records and bytes held, contacts.</summary>
    public const string Dht = "Zhtp.Storage.Dht";

    /// <summary>Uploads, downloads, bytes uploaded, stored (shards) and served, shards repaired and found missing.</summary>
    public const string Content = "Zhtp.Storage.Content";

    /// <summary>Quotes issued; contracts, value locked, audits and penalties from the node's contract manager (zero with economics off).</summary>
    public const string Economic = "Zhtp.Storage.Economic";

    /// <summary>Facade operations: duration per operation and errors.</summary>
    public const string Unified = "Zhtp.Storage.Unified";
}
