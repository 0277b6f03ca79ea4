namespace Zhtp.Storage.Dht.Simulation;

/// <summary>One phase of a <see cref="FullStackSimulation"/>: its wall time, the managed heap after it (full collection, above the run's baseline), the collections during it and their pause time.</summary>
internal sealed record FullStackPhase(string Name, TimeSpan Elapsed, long ManagedBytes, int Gen0, int Gen1, int Gen2, TimeSpan GcPause);

/// <summary>The outcome of a <see cref="FullStackSimulation"/> run.</summary>
internal sealed record FullStackReport
{
    public required FullStackOptions Options { get; init; }

    /// <summary>create, join, store, lookups.</summary>
    public required IReadOnlyList<FullStackPhase> Phases { get; init; }

    /// <summary>Wall time of the whole run (disposal excluded).</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Largest managed heap after a phase, above the baseline.</summary>
    public long ManagedBytes { get; init; }

    /// <summary>Peak working set of the process.</summary>
    public long PeakWorkingSetBytes { get; init; }

    public double MeanContacts { get; init; }

    public int Lookups { get; init; }

    public int Found { get; init; }

    public required IReadOnlyList<int> Rounds { get; init; }

    /// <summary>Virtual duration of each lookup, ms.</summary>
    public required IReadOnlyList<long> LatencyMs { get; init; }

    /// <summary>Datagrams delivered by the network over the run.</summary>
    public long Datagrams { get; init; }

    public TimeSpan VirtualElapsed { get; init; }

    public double SuccessRate => Lookups == 0 ? 1 : (double)Found / Lookups;

    public long ManagedBytesPerNode => Options.Nodes == 0 ? 0 : ManagedBytes / Options.Nodes;
}
