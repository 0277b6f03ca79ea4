using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Zhtp.Storage.Unified.Runtime;

namespace Zhtp.Storage.Unified.Hosting;

/// <summary>
/// Starts the storage system with the host (data directory, node key, DHT node, identity, bootstrap join),
/// runs maintenance every <see cref="ZhtpStorageOptions.MaintenanceInterval"/>, and stops it with the host
/// (layers disposed in reverse order, the data-directory lock released last).
/// </summary>
internal sealed class ZhtpStorageHostedService : IHostedService, IAsyncDisposable
{
    private readonly UnifiedStorageSystem _system;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private CancellationTokenSource? _stopping;
    private Task _maintenance = Task.CompletedTask;

    public ZhtpStorageHostedService(UnifiedStorageSystem system, ZhtpStorageOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        _system = system;
        _interval = options.MaintenanceInterval;
        _time = time;
        _logger = loggers.CreateLogger(ZhtpStorageMeters.Unified);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _system.StartAsync(cancellationToken).ConfigureAwait(false);
        _stopping = new CancellationTokenSource();
        _maintenance = MaintainAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is { } stopping)
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            await _maintenance.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        await _system.DisposeAsync().ConfigureAwait(false);
        Log.Stopped(_logger);
    }

    public ValueTask DisposeAsync()
    {
        _stopping?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task MaintainAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    MaintenanceReport report = await _system.PerformMaintenanceAsync(cancellationToken).ConfigureAwait(false);
                    Log.Maintenance(_logger, report.Content.Count, report.ShardsRepaired, (long)report.Duration.TotalMilliseconds);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.MaintenanceFailed(_logger, e);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
