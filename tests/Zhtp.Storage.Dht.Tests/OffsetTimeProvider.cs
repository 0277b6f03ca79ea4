namespace Zhtp.Storage.Dht.Tests;

/// <summary>Real time plus a settable offset: timers run in real time, the wall clock can jump ahead (expiry, republish).</summary>
internal sealed class OffsetTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
}
