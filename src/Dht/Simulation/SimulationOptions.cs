namespace Zhtp.Storage.Dht.Simulation;

/// <summary>Parameters of a <see cref="NetworkSimulation"/> run.</summary>
internal sealed record SimulationOptions
{
    /// <summary>Nodes in the network.</summary>
    public int Nodes { get; init; } = 1000;

    /// <summary>Lookups of each kind (FindValue of stored records, FindNode of random ids) after the failures.</summary>
    public int Lookups { get; init; } = 1000;

    /// <summary>Records stored (each on its k closest nodes) before the failures.</summary>
    public int Records { get; init; } = 1000;

    /// <summary>Fraction of nodes that die after the records are stored (0..1).</summary>
    public double DeadFraction { get; init; }

    /// <summary>Seed of every random choice (ids, latencies, targets, victims).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Bucket size / replication width.</summary>
    public int K { get; init; } = 20;

    /// <summary>Requests in flight per lookup path.</summary>
    public int Alpha { get; init; } = 3;

    /// <summary>Disjoint lookup paths.</summary>
    public int Paths { get; init; } = 1;

    /// <summary>Smallest one-way latency, in virtual milliseconds.</summary>
    public int MinLatencyMs { get; init; } = 10;

    /// <summary>Largest one-way latency, in virtual milliseconds.</summary>
    public int MaxLatencyMs { get; init; } = 100;

    /// <summary>Time after which an unanswered request fails, in virtual milliseconds.</summary>
    public int TimeoutMs { get; init; } = 1000;

    /// <summary>Probability that one request or its answer is lost (0..1).</summary>
    public double LossRate { get; init; }

    /// <summary>Fraction of the live nodes replaced (leave, and as many new ones join) every simulated hour, 0..1.</summary>
    public double ChurnPerHour { get; init; }

    /// <summary>Simulated hours of churn, refresh, re-replication and republish after the records are stored; 0 = none.</summary>
    public int Hours { get; init; }
}
