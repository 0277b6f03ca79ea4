using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Simulation;

/// <summary>Parameters of a <see cref="FullStackSimulation"/> run.</summary>
internal sealed record FullStackOptions
{
    /// <summary>Full node stacks on the network.</summary>
    public int Nodes { get; init; } = 1000;

    /// <summary>Records stored (each by a random node) after the joins.</summary>
    public int Records { get; init; } = 100;

    /// <summary>FindValue lookups of the stored records, each from a random node.</summary>
    public int Lookups { get; init; } = 1000;

    /// <summary>Seed of node keys, join order and lookup origins.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The nodes' settings.</summary>
    public DhtConfig Config { get; init; } = new() { RequestTimeout = TimeSpan.FromSeconds(2), MaxRetries = 1 };

    /// <summary>Virtual time one join, store or lookup may take before the run counts it as hung.</summary>
    public TimeSpan OperationBudget { get; init; } = TimeSpan.FromMinutes(10);
}
