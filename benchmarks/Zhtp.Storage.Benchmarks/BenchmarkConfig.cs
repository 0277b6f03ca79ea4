using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Zhtp.Storage.Benchmarks;

/// <summary>
/// The shared configuration of every suite: one job on the current runtime, MemoryDiagnoser
/// (allocations must be zero in steady state on the hot paths) and the throughput column.
/// Suites that process bytes set <c>[BenchmarkCategory]</c> and report bytes per operation
/// through the operations-per-second column.
/// </summary>
public static class BenchmarkConfig
{
    /// <summary>The default configuration.</summary>
    public static IConfig Default { get; } = DefaultConfig.Instance
        .AddDiagnoser(MemoryDiagnoser.Default)
        .AddColumn(StatisticColumn.OperationsPerSecond)
        .AddJob(Job.Default.WithId("net10"))
        .WithOptions(ConfigOptions.JoinSummary);
}
