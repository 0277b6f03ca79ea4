using System.Diagnostics;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Simulation;

// Implementation notes
// The real node stacks (KademliaNode: envelope encoding, signatures, replay cache, routing table,
// lookups, record store) on the InMemoryNetwork, driven by a VirtualClock. Virtual time moves only
// while the network is idle (nothing queued or being handled, every request delivered to a live
// node answered) and has stayed idle over a short real pause, so replies of live nodes arrive with
// no virtual time passing however loaded the machine is, and only requests nobody answers time
// out. It then jumps straight to the next due timer instead of stepping. Nodes use the insecure
// simulation signer. Each phase (create, join, store, lookups) reports its wall time and the
// managed heap after a full collection, so a run says where time and memory go.

/// <summary>Runs many full <see cref="IDhtNode"/> stacks on one in-memory network with virtual time.</summary>
internal sealed class FullStackSimulation
{
    /// <summary>Start of virtual time.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(60);
    private readonly FullStackOptions _options;
    private readonly VirtualClock _clock = new(Epoch);
    private readonly InMemoryNetwork _network;

    public FullStackSimulation(FullStackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Config.EnsureValid();
        _options = options;
        _network = new InMemoryNetwork(new InMemoryNetworkOptions { TimeProvider = _clock, Seed = options.Seed });
    }

    /// <summary>Creates and joins the nodes, stores records, looks them up, and disposes every node.</summary>
    public async Task<FullStackReport> RunAsync(Action<string>? progress = null)
    {
        var phases = new List<FullStackPhase>();
        var total = Stopwatch.StartNew();
        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        MarkGc();
        var random = new Random(_options.Seed);
        var nodes = new List<IDhtNode>(_options.Nodes);
        try
        {
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < _options.Nodes; i++)
            {
                nodes.Add(await DhtNode.CreateAsync(new DhtNodeOptions
                {
                    Config = _options.Config,
                    Transport = _network.CreateTransport(),
                    Signer = NodeSigners.CreateInsecureForSimulation(new Random(_options.Seed + i)),
                    TimeProvider = _clock,
                    Seed = _options.Seed + i,
                    MaintenanceInterval = null,
                }).ConfigureAwait(false));
            }

            phases.Add(Phase("create", watch, baseline, progress));

            watch.Restart();
            for (int i = 1; i < nodes.Count; i++)
            {
                IDhtNode joining = nodes[i];
                IDhtNode bootstrap = nodes[random.Next(i)];
                await DriveAsync(() => joining.JoinAsync([bootstrap.Self.EndPoint])).ConfigureAwait(false);
                if (progress is not null && (i + 1) % 1000 == 0)
                {
                    progress($"joined {i + 1:N0}/{nodes.Count:N0} ({watch.Elapsed.TotalSeconds:F0} s)");
                }
            }

            phases.Add(Phase("join", watch, baseline, progress));

            watch.Restart();
            var keys = new List<DhtKey>(_options.Records);
            for (int r = 0; r < _options.Records; r++)
            {
                IDhtNode publisher = nodes[random.Next(nodes.Count)];
                byte[] value = BitConverter.GetBytes(r);
                StoreResult stored = await DriveAsync(() => publisher.StoreAsync(value)).ConfigureAwait(false);
                keys.Add(stored.Key);
            }

            phases.Add(Phase("store", watch, baseline, progress));

            watch.Restart();
            int found = 0;
            var rounds = new List<int>();
            var latency = new List<long>();
            for (int l = 0; l < _options.Lookups && keys.Count > 0; l++)
            {
                DhtKey key = keys[l % keys.Count];
                IDhtNode finder = nodes[random.Next(nodes.Count)];
                DateTimeOffset start = _clock.GetUtcNow();
                FindValueResult result = await DriveAsync(() => finder.FindValueAsync(key)).ConfigureAwait(false);
                latency.Add((long)(_clock.GetUtcNow() - start).TotalMilliseconds);
                found += result.Found ? 1 : 0;
                rounds.Add(result.Rounds);
            }

            phases.Add(Phase("lookups", watch, baseline, progress));
            return new FullStackReport
            {
                Options = _options,
                Phases = phases,
                Elapsed = total.Elapsed,
                ManagedBytes = phases.Max(p => p.ManagedBytes),
                PeakWorkingSetBytes = Process.GetCurrentProcess().PeakWorkingSet64,
                MeanContacts = nodes.Average(n => n.GetStats().Contacts),
                Lookups = rounds.Count,
                Found = found,
                Rounds = rounds,
                LatencyMs = latency,
                Datagrams = _network.Delivered,
                VirtualElapsed = _clock.GetUtcNow() - Epoch,
            };
        }
        finally
        {
            foreach (IDhtNode node in nodes)
            {
                await node.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private FullStackPhase Phase(string name, Stopwatch watch, long baseline, Action<string>? progress)
    {
        TimeSpan elapsed = watch.Elapsed;
        (int gen0, int gen1, int gen2, TimeSpan pause) = (GC.CollectionCount(0) - _gcMark.Gen0, GC.CollectionCount(1) - _gcMark.Gen1, GC.CollectionCount(2) - _gcMark.Gen2, GC.GetTotalPauseDuration() - _gcMark.Pause);
        long managed = Math.Max(0, GC.GetTotalMemory(forceFullCollection: true) - baseline);
        var phase = new FullStackPhase(name, elapsed, managed, gen0, gen1, gen2, pause);
        progress?.Invoke($"{name}: {elapsed.TotalSeconds:F1} s, managed heap {managed / (1024.0 * 1024):F0} MiB, GCs {gen0}/{gen1}/{gen2} (gen 0/1/2), GC pauses {pause.TotalSeconds:F1} s");
        MarkGc();
        return phase;
    }

    private void MarkGc() => _gcMark = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    private (int Gen0, int Gen1, int Gen2, TimeSpan Pause) _gcMark;

    /// <summary>Runs <paramref name="operation"/>, moving virtual time to the next due timer whenever the network is idle, until it completes.</summary>
    private async Task<T> DriveAsync<T>(Func<Task<T>> operation)
    {
        Task<T> task = operation();
        DateTimeOffset deadline = _clock.GetUtcNow() + _options.OperationBudget;
        long progress = Progress;
        long since = Stopwatch.GetTimestamp();
        while (!task.IsCompleted)
        {
            // Idle now; advance only if it stays idle with nothing delivered over a short pause, so a
            // continuation still computing is not overtaken by a timer.
            bool idle = _network.IsIdle;
            await Task.WhenAny(task, Task.Delay(1)).ConfigureAwait(false);
            if (task.IsCompleted)
            {
                break;
            }

            if (Progress != progress)
            {
                progress = Progress;
                since = Stopwatch.GetTimestamp();
                continue;
            }

            if (Stopwatch.GetElapsedTime(since) > StallLimit)
            {
                throw new TimeoutException($"Nothing was delivered for {StallLimit} of real time (network {(_network.IsIdle ? "idle, no timer due" : "busy")}): the operation hung.");
            }

            // Nothing due: the operation is computing (JIT, a long continuation), not waiting for time.
            if (!idle || !_network.IsIdle || _clock.NextDue() is not { } due)
            {
                continue;
            }

            if (due > deadline)
            {
                throw new TimeoutException($"The operation did not complete within {_options.OperationBudget} of virtual time.");
            }

            _clock.AdvanceToNext(due);
            since = Stopwatch.GetTimestamp();
        }

        return await task.ConfigureAwait(false);
    }

    private long Progress => _network.Delivered + _network.Dropped;
}
