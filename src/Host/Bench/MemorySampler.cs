using System.Diagnostics;

namespace Zhtp.Storage.Host.Bench;

/// <summary>
/// Samples every 20 ms and keeps the peaks of: the managed heap as <see cref="GC.GetTotalMemory(bool)"/> sees it
/// (live objects plus garbage not yet collected, so it includes the GC's generation-0 allocation budget), the
/// heap that survived the latest collection (live data: what the code actually holds), and process RSS.
/// </summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peakManaged;
    private long _peakLive;
    private long _peakRss;

    public MemorySampler()
    {
        Sample();
        _loop = RunAsync();
    }

    public long PeakManagedBytes => Interlocked.Read(ref _peakManaged);

    public long PeakRssBytes => Interlocked.Read(ref _peakRss);

    /// <summary>The largest heap left after a garbage collection (size minus fragmentation) since the last reset.</summary>
    public long PeakLiveBytes => Interlocked.Read(ref _peakLive);

    public void Reset()
    {
        Interlocked.Exchange(ref _peakManaged, 0);
        Interlocked.Exchange(ref _peakLive, 0);
        Interlocked.Exchange(ref _peakRss, 0);
        Sample();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
        {
            Sample();
        }
    }

    private void Sample()
    {
        Max(ref _peakManaged, GC.GetTotalMemory(false));
        GCMemoryInfo info = GC.GetGCMemoryInfo();
        Max(ref _peakLive, info.HeapSizeBytes - info.FragmentedBytes);
        using var process = Process.GetCurrentProcess();
        Max(ref _peakRss, process.WorkingSet64);
    }

    private static void Max(ref long peak, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, value, seen) != seen)
        {
        }
    }
}
