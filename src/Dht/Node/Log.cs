using Microsoft.Extensions.Logging;

namespace Zhtp.Storage.Dht.Node;

/// <summary>Source-generated log messages of the node.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Evicted unresponsive {Evicted}; promoted {Promoted}")]
    public static partial void Evicted(ILogger logger, Contact evicted, Contact promoted);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Joined through {Bootstrap} bootstrap node(s): {Contacts} contacts")]
    public static partial void Joined(ILogger logger, int bootstrap, int contacts);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Maintenance: {Expired} expired, {Refreshed} buckets refreshed, {Republished} republished, {Replicated} re-replicated")]
    public static partial void Maintenance(ILogger logger, int expired, int refreshed, int republished, int replicated);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "DHT node {Id} listening on {EndPoint}")]
    public static partial void Started(ILogger logger, Types.NodeId id, System.Net.IPEndPoint endPoint);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "DHT node {Id} stopped")]
    public static partial void Stopped(ILogger logger, Types.NodeId id);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "DHT maintenance pass failed")]
    public static partial void MaintenanceFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Handler for {Operation} failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string operation);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Could not write the routing snapshot {Path}; a restart will need a bootstrap node")]
    public static partial void SnapshotFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "TCP port {EndPoint} (the bulk channel's, same number as the UDP port) is taken: this node cannot receive shards or other values larger than a datagram. Free the port or choose another")]
    public static partial void BulkNotListening(ILogger logger, System.Net.IPEndPoint endPoint);
}
