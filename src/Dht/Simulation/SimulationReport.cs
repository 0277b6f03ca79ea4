namespace Zhtp.Storage.Dht.Simulation;

/// <summary>The outcome of a <see cref="NetworkSimulation"/> run.</summary>
internal sealed record SimulationReport
{
    public required SimulationOptions Options { get; init; }

    /// <summary>Nodes that joined (every node must).</summary>
    public int Joined { get; init; }

    /// <summary>Mean routing-table size after the joins.</summary>
    public double MeanContacts { get; init; }

    /// <summary>Messages sent by all joins.</summary>
    public long JoinMessages { get; init; }

    /// <summary>FindValue lookups for records stored before the failures, and how many found the value.</summary>
    public int FindValueLookups { get; init; }

    public int FindValueFound { get; init; }

    /// <summary>FindNode lookups for random ids, and how many returned the closest live node.</summary>
    public int FindNodeLookups { get; init; }

    public int FindNodeFound { get; init; }

    /// <summary>Rounds (hop depth) of each lookup, both kinds.</summary>
    public required IReadOnlyList<int> Rounds { get; init; }

    /// <summary>Messages of each lookup, both kinds.</summary>
    public required IReadOnlyList<int> Messages { get; init; }

    /// <summary>Virtual duration of each lookup in milliseconds, both kinds.</summary>
    public required IReadOnlyList<long> LatencyMs { get; init; }

    /// <summary>Virtual duration of each FindValue lookup in milliseconds.</summary>
    public IReadOnlyList<long> FindValueLatencyMs { get; init; } = [];

    /// <summary>Virtual duration of each FindNode lookup in milliseconds.</summary>
    public IReadOnlyList<long> FindNodeLatencyMs { get; init; } = [];

    /// <summary>Wall-clock time of the run.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>The churn phase (null when <see cref="SimulationOptions.Hours"/> is 0).</summary>
    public ChurnReport? Churn { get; init; }

    public double FindValueSuccessRate => FindValueLookups == 0 ? 1 : (double)FindValueFound / FindValueLookups;

    public double FindNodeSuccessRate => FindNodeLookups == 0 ? 1 : (double)FindNodeFound / FindNodeLookups;
}
