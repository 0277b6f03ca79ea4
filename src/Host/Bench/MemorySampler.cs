using System.Diagnostics;

namespace Zhtp.Storage.Host.Bench;

/// <summary>
/// Samples every 20 ms and keeps the peaks of the managed heap as <see cref="GC.GetTotalMemory(bool)"/> sees it
/// (live objects plus garbage not yet collected, so it includes the GC's generation-0 allocation budget) and of
/// process RSS.
/// </summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peakManaged;
    private long _peakRss;
    private readonly byte[] _statm = new byte[256];

    public MemorySampler()
    {
        Sample();
        _loop = RunAsync();
    }

    public long PeakManagedBytes => Interlocked.Read(ref _peakManaged);

    public long PeakRssBytes => Interlocked.Read(ref _peakRss);


    public void Reset()
    {
        Interlocked.Exchange(ref _peakManaged, 0);
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
        Max(ref _peakRss, ResidentBytes());
    }

    /// <summary>
    /// Resident set size: on Linux the second field of /proc/self/statm (pages) read into a reused buffer, so
    /// sampling adds no garbage of its own (Process.WorkingSet64 parses /proc into strings every call).
    /// </summary>
    private long ResidentBytes()
    {
        if (!OperatingSystem.IsLinux())
        {
            using var process = Process.GetCurrentProcess();
            return process.WorkingSet64;
        }

        using Microsoft.Win32.SafeHandles.SafeFileHandle handle = File.OpenHandle("/proc/self/statm");
        int length = RandomAccess.Read(handle, _statm, 0);
        ReadOnlySpan<byte> text = _statm.AsSpan(0, length);
        int space = text.IndexOf((byte)' ');
        long pages = 0;
        for (int i = space + 1; i < text.Length && text[i] is >= (byte)'0' and <= (byte)'9'; i++)
        {
            pages = (pages * 10) + (text[i] - '0');
        }

        return pages * Environment.SystemPageSize;
    }

    private static void Max(ref long peak, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, value, seen) != seen)
        {
        }
    }
}
