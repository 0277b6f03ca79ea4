using Microsoft.Extensions.Logging;
using Zhtp.Storage.Types;
using Zhtp.Storage.Unified.Runtime;

namespace Zhtp.Storage.Unified;

/// <summary>Creates storage systems without a generic host (for a host, use <c>services.AddZhtpStorage(...)</c>).</summary>
public static class UnifiedStorageSystems
{
    /// <summary>
    /// Validates <paramref name="options"/>, opens the data directory (taking its lock), creates or loads the node key and
    /// identity, starts the DHT node and joins the bootstrap peers. Dispose the result to stop it. Maintenance runs only when
    /// <see cref="IUnifiedStorageSystem.PerformMaintenanceAsync"/> is called (the hosted service calls it on a timer).
    /// </summary>
    /// <exception cref="ConfigurationException">The options are invalid; the message lists every bad key.</exception>
    /// <exception cref="DataDirectoryLockedException">Another node uses the data directory.</exception>
    /// <exception cref="UnifiedStorageException">The port is taken, or the identity file cannot be opened.</exception>
    public static Task<IUnifiedStorageSystem> StartAsync(ZhtpStorageOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default) =>
        StartWithContractClockAsync(options, loggerFactory, timeProvider, null, cancellationToken);

    /// <summary>Starts a system whose market runs on <paramref name="contractTime"/> (quotes, billing periods, audits), the rest on <paramref name="timeProvider"/>: the demo and tests simulate contract days.</summary>
    internal static async Task<IUnifiedStorageSystem> StartWithContractClockAsync(ZhtpStorageOptions options, ILoggerFactory? loggerFactory, TimeProvider? timeProvider, TimeProvider? contractTime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var system = new UnifiedStorageSystem(options, loggerFactory, timeProvider, null, contractTime);
        try
        {
            await system.StartAsync(cancellationToken).ConfigureAwait(false);
            return system;
        }
        catch
        {
            await system.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
