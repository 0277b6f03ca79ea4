using Microsoft.Extensions.Time.Testing;
using Zhtp.Storage.Dht;

namespace Zhtp.Storage.Testing;

/// <summary>
/// Drives the fake clock of an <see cref="InMemoryNetwork"/> (shared by its nodes) while an operation
/// runs. Virtual time advances in small steps, and only while <see cref="InMemoryNetwork.IsIdle"/>:
/// no datagram queued or being handled, every request delivered to a live node answered. Replies of
/// live nodes therefore arrive without any virtual time passing, however slow the machine, and only
/// requests nobody will answer (dead nodes, lost datagrams) time out, after exactly their virtual
/// timeout. Each operation gets a budget of virtual time, so a hung operation fails instead of
/// hanging; a network that stays busy without delivering anything for <see cref="StallLimit"/> of
/// real time (a request a live node silently dropped) fails too.
/// </summary>
/// <remarks>Linked into the Economic tests as well.</remarks>
internal sealed class NetworkClock
{
    /// <summary>Start of virtual time in the tests (FakeTimeProvider's own default is 2000-01-01).</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(30);

    public NetworkClock(FakeTimeProvider time, InMemoryNetwork network)
    {
        Time = time;
        Network = network;
    }

    public FakeTimeProvider Time { get; }

    public InMemoryNetwork Network { get; }

    /// <summary>Virtual time per step: small against request timeouts (sweep periods are 5..100 ms).</summary>
    public TimeSpan Step { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Virtual time an operation may take before it counts as hung.</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Creates a fake clock at <see cref="Epoch"/> and an in-memory network running on it.</summary>
    public static NetworkClock Create(InMemoryNetworkOptions? options = null)
    {
        var time = new FakeTimeProvider(Epoch);
        return new NetworkClock(time, new InMemoryNetwork((options ?? new InMemoryNetworkOptions()) with { TimeProvider = time }));
    }

    /// <summary>Runs <paramref name="operation"/>, advancing virtual time whenever the network is idle, until it completes.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> operation)
    {
        Task<T> task = operation();
        await DriveAsync(task);
        return await task;
    }

    /// <inheritdoc cref="RunAsync{T}(Func{Task{T}})"/>
    public async Task RunAsync(Func<Task> operation)
    {
        Task task = operation();
        await DriveAsync(task);
        await task;
    }

    /// <summary>Waits until the network is idle (stragglers of finished operations handled), then jumps <paramref name="by"/> ahead.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        await WhenIdleAsync(null);
        Time.Advance(by);
    }

    private async Task DriveAsync(Task task)
    {
        TimeSpan advanced = TimeSpan.Zero;
        while (!task.IsCompleted)
        {
            if (!Network.IsIdle)
            {
                await WhenIdleAsync(task);
                continue;
            }

            // Idle now; step only if it stays idle with nothing delivered over a short pause. Stepping
            // while a continuation computes is harmless (deadlines start at the send), but would race
            // virtual time far ahead of the work: this keeps it to about one step per millisecond.
            long progress = Progress;
            await Task.WhenAny(task, Task.Delay(1));
            if (task.IsCompleted || !Network.IsIdle || Progress != progress)
            {
                continue;
            }

            if (advanced >= Budget)
            {
                throw new TimeoutException($"The operation did not complete within {Budget} of virtual time (network idle, {Network.Delivered} datagrams delivered).");
            }

            Time.Advance(Step);
            advanced += Step;
        }
    }

    /// <summary>Polls until the network is idle (or <paramref name="done"/> completes); fails if it stays busy without progress for <see cref="StallLimit"/>.</summary>
    private async Task WhenIdleAsync(Task? done)
    {
        long progress = Progress;
        long since = TimeProvider.System.GetTimestamp();
        while (!Network.IsIdle && done?.IsCompleted != true)
        {
            await (done is null ? Task.Delay(1) : Task.WhenAny(done, Task.Delay(1)));
            if (Progress != progress)
            {
                progress = Progress;
                since = TimeProvider.System.GetTimestamp();
            }
            else if (TimeProvider.System.GetElapsedTime(since) > StallLimit)
            {
                throw new TimeoutException($"The network stayed busy for {StallLimit} without delivering a datagram: a live node did not answer a request.");
            }
        }
    }

    private long Progress => Network.Delivered + Network.Dropped;
}
