namespace Zhtp.Storage.Dht.Rpc;

/// <summary>
/// The last 4,096 round-trip times, for percentiles, and their smoothed mean. Thread-safe. The
/// buffer starts at 32 samples and doubles as it fills, so a node that sent little costs little
/// (10,000 nodes in one process used to hold 32 KiB each here).
/// </summary>
internal sealed class LatencyWindow
{
    private const int Capacity = 4096;
    private long[] _ticks = new long[32];
    private readonly Lock _lock = new();
    private int _next;
    private int _count;
    private long _smoothedTicks;

    /// <summary>The smoothed round-trip time over every sample (RFC 6298 gain 1/8); null before the first.</summary>
    public TimeSpan? Smoothed
    {
        get
        {
            long ticks = Interlocked.Read(ref _smoothedTicks);
            return ticks == 0 ? null : TimeSpan.FromTicks(ticks);
        }
    }

    public void Add(TimeSpan latency)
    {
        lock (_lock)
        {
            if (_count == _ticks.Length && _ticks.Length < Capacity)
            {
                // Not wrapped yet (_next == _count): grow in place.
                Array.Resize(ref _ticks, _ticks.Length * 2);
            }

            _ticks[_next] = latency.Ticks;
            _next = (_next + 1) % _ticks.Length;
            _count = Math.Min(_count + 1, _ticks.Length);
            long smoothed = _smoothedTicks == 0 ? latency.Ticks : _smoothedTicks + ((latency.Ticks - _smoothedTicks) / 8);
            Interlocked.Exchange(ref _smoothedTicks, Math.Max(1, smoothed));
        }
    }

    /// <summary>Nearest-rank percentile (0..100) of the window; zero when empty.</summary>
    public TimeSpan Percentile(double percentile)
    {
        long[] copy;
        lock (_lock)
        {
            copy = _ticks.AsSpan(0, _count).ToArray();
        }

        if (copy.Length == 0)
        {
            return TimeSpan.Zero;
        }

        Array.Sort(copy);
        int rank = (int)Math.Ceiling(percentile / 100.0 * copy.Length);
        return TimeSpan.FromTicks(copy[Math.Clamp(rank - 1, 0, copy.Length - 1)]);
    }
}
