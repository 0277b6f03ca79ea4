namespace Zhtp.Storage.Dht.Lookup;

/// <summary>
/// How long a lookup waits for a peer before the request stops holding it: clamp(4 × smoothed RTT,
/// 150 ms, request timeout); the request timeout before any RTT sample. One rule for the node and
/// the simulation.
/// </summary>
internal static class AdaptiveTimeout
{
    /// <summary>The floor: below it, scheduling jitter on a busy machine would look like loss.</summary>
    public static readonly TimeSpan Floor = TimeSpan.FromMilliseconds(150);

    /// <summary>The slow-after time for a peer whose smoothed RTT is <paramref name="smoothedRtt"/> (null: no sample yet).</summary>
    public static TimeSpan For(TimeSpan? smoothedRtt, TimeSpan requestTimeout)
    {
        if (smoothedRtt is not { } srtt)
        {
            return requestTimeout;
        }

        long floor = Math.Min(Floor.Ticks, requestTimeout.Ticks);
        return TimeSpan.FromTicks(Math.Clamp(srtt.Ticks * 4, floor, requestTimeout.Ticks));
    }
}
