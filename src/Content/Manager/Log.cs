using Microsoft.Extensions.Logging;

namespace Zhtp.Storage.Content.Manager;

/// <summary>The content manager's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Content maintenance: {Versions} versions renewed, {Repaired} shards repaired, {Unrecoverable} segments unrecoverable")]
    private static partial void MaintenanceCore(ILogger logger, int versions, long repaired, long unrecoverable);

    [LoggerMessage(2, LogLevel.Warning, "Content maintenance failed; the next pass retries")]
    private static partial void MaintenanceFailedCore(ILogger logger, Exception exception);

    public static void Maintenance(ILogger? logger, int versions, long repaired, long unrecoverable)
    {
        if (logger is not null)
        {
            MaintenanceCore(logger, versions, repaired, unrecoverable);
        }
    }

    public static void MaintenanceFailed(ILogger? logger, Exception exception)
    {
        if (logger is not null)
        {
            MaintenanceFailedCore(logger, exception);
        }
    }
}
