using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace Zhtp.Storage.Benchmarks;

/// <summary>
/// The shared configuration of every suite: MemoryDiagnoser (allocations must be zero in steady
/// state on the hot paths) and the throughput column. No job is fixed here, so a job given on the
/// command line (<c>--job short</c>, <c>--job dry</c>) replaces BenchmarkDotNet's default job
/// instead of running beside it.
/// Suites that process bytes set <c>[BenchmarkCategory]</c> and report bytes per operation
/// through the operations-per-second column.
/// </summary>
public static class BenchmarkConfig
{
    /// <summary>The default configuration.</summary>
    public static IConfig Default { get; } = DefaultConfig.Instance
        .AddDiagnoser(MemoryDiagnoser.Default)
        .AddColumn(StatisticColumn.OperationsPerSecond)
        .WithOptions(ConfigOptions.JoinSummary);
}
