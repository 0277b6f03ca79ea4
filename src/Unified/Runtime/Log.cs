using Microsoft.Extensions.Logging;

namespace Zhtp.Storage.Unified.Runtime;

/// <summary>The unified layer's log messages (category <see cref="ZhtpStorageMeters.Unified"/>).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "No identity passphrase ({Variable} unset{Where}): acting as a new in-memory identity; what it uploads as Private cannot be read after a restart")]
    public static partial void EphemeralIdentity(ILogger logger, string variable, string where);

    [LoggerMessage(2, LogLevel.Information, "Created identity {Identity} in {Path}")]
    public static partial void IdentityCreated(ILogger logger, string identity, string path);

    [LoggerMessage(3, LogLevel.Information, "Configuration updated: default encryption {Encryption}, base price {Price} per GB-day")]
    public static partial void ConfigUpdated(ILogger logger, string encryption, decimal price);

    [LoggerMessage(4, LogLevel.Warning, "Bootstrap entry {Entry} does not resolve; skipped")]
    public static partial void BootstrapUnresolved(ILogger logger, string entry);

    [LoggerMessage(5, LogLevel.Information, "Node {Node} on {EndPoint}: no bootstrap peers; waiting for others to join through it")]
    public static partial void NoBootstrap(ILogger logger, string node, string endPoint);

    [LoggerMessage(6, LogLevel.Warning, "Node {Node}: no bootstrap peer answered ({Peers}); it keeps running and waits for others")]
    public static partial void BootstrapSilent(ILogger logger, string node, string peers);

    [LoggerMessage(7, LogLevel.Information, "Node {Node} on {EndPoint} joined: {Contacts} contacts")]
    public static partial void Joined(ILogger logger, string node, string endPoint, int contacts);

    [LoggerMessage(8, LogLevel.Information, "Maintenance: {Contents} contents checked, {Repaired} shards repaired, in {Milliseconds} ms")]
    public static partial void Maintenance(ILogger logger, int contents, long repaired, long milliseconds);

    [LoggerMessage(9, LogLevel.Warning, "Maintenance failed; the next pass retries")]
    public static partial void MaintenanceFailed(ILogger logger, Exception exception);

    [LoggerMessage(10, LogLevel.Information, "Storage node stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(11, LogLevel.Warning, "Market tick failed (audits, period closes); the next tick retries")]
    public static partial void MarketTickFailed(ILogger logger, Exception exception);
}
