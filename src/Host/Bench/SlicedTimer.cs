using System.Diagnostics;

namespace Zhtp.Storage.Host.Bench;

/// <summary>What <see cref="SlicedTimer.Run"/> measured.</summary>
/// <param name="Iterations">Calls of the step.</param>
/// <param name="Seconds">Wall-clock time of the whole run.</param>
/// <param name="BestPerSecond">Calls per second in the fastest 0.1 s slice (never below the mean).</param>
internal readonly record struct TimedRun(long Iterations, double Seconds, double BestPerSecond)
{
    /// <summary>Calls per second over the whole run.</summary>
    public double MeanPerSecond => Iterations / Seconds;
}

/// <summary>
/// The timing loop of every <c>zhtp bench</c> command, with the same statistics as the native
/// anchors (rs_bench, lz4_bench, blake3_bench.js): the mean rate over about one second and the rate
/// of the fastest 0.1 s slice, which is steadier on a VM with short bursts of interference.
/// </summary>
internal static class SlicedTimer
{
    /// <summary>The slice length in seconds.</summary>
    public const double SliceSeconds = 0.1;

    /// <summary>
    /// Calls <paramref name="step"/> for about <paramref name="seconds"/>, reading the clock every
    /// <paramref name="batch"/> calls (so that reading the clock does not count for tiny steps).
    /// A run shorter than one slice counts as one slice.
    /// </summary>
    public static TimedRun Run(Action step, double seconds, CancellationToken cancellationToken, int batch = 1)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        long frequency = Stopwatch.Frequency;
        long start = Stopwatch.GetTimestamp();
        long stop = start + (long)(seconds * frequency);
        long sliceStart = start;
        long iterations = 0;
        long sliceIterations = 0;
        double best = 0;
        long now;
        do
        {
            for (int i = 0; i < batch; i++)
            {
                step();
            }

            iterations += batch;
            sliceIterations += batch;
            now = Stopwatch.GetTimestamp();
            double sliceSeconds = (now - sliceStart) / (double)frequency;
            if (sliceSeconds >= SliceSeconds)
            {
                best = Math.Max(best, sliceIterations / sliceSeconds);
                sliceStart = now;
                sliceIterations = 0;
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        while (now < stop);

        double elapsed = (now - start) / (double)frequency;
        return new TimedRun(iterations, elapsed, Math.Max(best, iterations / elapsed));
    }
}
