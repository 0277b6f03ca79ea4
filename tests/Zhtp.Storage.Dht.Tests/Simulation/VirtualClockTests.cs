using Zhtp.Storage.Dht.Simulation;

namespace Zhtp.Storage.Dht.Tests.Simulation;

public sealed class VirtualClockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AdvanceToNext_TimersDueAtDifferentTimes_FireInOrderOneInstantAtATime()
    {
        var clock = new VirtualClock(T0);
        var fired = new List<string>();
        using ITimer late = clock.CreateTimer(_ => fired.Add("late"), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using ITimer early = clock.CreateTimer(_ => fired.Add("early"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using ITimer alsoEarly = clock.CreateTimer(_ => fired.Add("also-early"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        Assert.Equal(2, clock.AdvanceToNext(T0.AddHours(1)));
        Assert.Equal(T0.AddSeconds(1), clock.GetUtcNow());
        Assert.Equal(["early", "also-early"], fired);

        Assert.Equal(1, clock.AdvanceToNext(T0.AddHours(1)));
        Assert.Equal(T0.AddSeconds(2), clock.GetUtcNow());
        Assert.Null(clock.NextDue());
    }

    [Fact]
    public void AdvanceToNext_NothingDueBeforeTheLimit_MovesToTheLimitOnly()
    {
        var clock = new VirtualClock(T0);
        int fired = 0;
        using ITimer timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);

        Assert.Equal(0, clock.AdvanceToNext(T0.AddSeconds(5)));
        Assert.Equal(T0.AddSeconds(5), clock.GetUtcNow());
        Assert.Equal(0, fired);
        Assert.Equal(T0.AddSeconds(10), clock.NextDue());
    }

    [Fact]
    public void Change_PeriodicThenDisarmed_FiresEachPeriodUntilDisarmed()
    {
        var clock = new VirtualClock(T0);
        int fired = 0;
        using ITimer timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
        for (int i = 0; i < 3; i++)
        {
            clock.AdvanceToNext(T0.AddHours(1));
        }

        Assert.Equal(3, fired);
        Assert.Equal(T0.AddMilliseconds(300), clock.GetUtcNow());

        timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Assert.Null(clock.NextDue());
        timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        Assert.Equal(T0.AddMilliseconds(1300), clock.NextDue());
    }

    [Fact]
    public async Task Delay_OnTheClock_CompletesWhenAdvancedPastItAndNotBefore()
    {
        var clock = new VirtualClock(T0);
        Task delay = Task.Delay(TimeSpan.FromSeconds(3), clock);
        ITimer disposed = clock.CreateTimer(_ => throw new InvalidOperationException("a disposed timer fired"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        disposed.Dispose();

        Assert.Equal(T0.AddSeconds(3), clock.NextDue());
        Assert.False(delay.IsCompleted);
        clock.AdvanceToNext(T0.AddHours(1));
        await delay.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(T0.AddSeconds(3), clock.GetUtcNow());
    }
}
