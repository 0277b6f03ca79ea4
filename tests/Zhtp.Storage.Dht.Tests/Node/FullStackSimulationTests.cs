using Xunit.Abstractions;
using Zhtp.Storage.Dht.Simulation;

namespace Zhtp.Storage.Dht.Tests.Node;

/// <summary>Full DhtNode stacks at scale on the in-memory network with a virtual clock (<see cref="FullStackSimulation"/>).</summary>
public sealed class FullStackSimulationTests(ITestOutputHelper output)
{
    [Fact(Timeout = 120_000)]
    public async Task Run_300Nodes_JoinAndFindEveryRecord()
    {
        FullStackReport report = await RunAsync(new FullStackOptions { Nodes = 300, Records = 30, Lookups = 100 });

        Assert.Equal(1.0, report.SuccessRate);
        Assert.True(report.MeanContacts >= 20, $"mean contacts {report.MeanContacts}");
        Assert.Equal(["create", "join", "store", "lookups"], report.Phases.Select(p => p.Name));
    }

    [Fact(Timeout = 900_000)]
    [Trait("Category", "Soak")]
    public async Task Run_10000Nodes_JoinAndAnswer1000LookupsInTenMinutesAndSixteenGiB()
    {
        // Issue 10's goal for full stacks, on this 2-core machine.
        FullStackReport report = await RunAsync(new FullStackOptions { Nodes = 10_000, Records = 100, Lookups = 1000 });

        Assert.Equal(1.0, report.SuccessRate);
        Assert.True(report.Elapsed < TimeSpan.FromMinutes(10), $"took {report.Elapsed}");
        Assert.True(report.PeakWorkingSetBytes < 16L << 30, $"peak working set {report.PeakWorkingSetBytes >> 20} MiB");
    }

    private async Task<FullStackReport> RunAsync(FullStackOptions options)
    {
        FullStackReport report = await new FullStackSimulation(options).RunAsync(output.WriteLine);
        output.WriteLine(
            $"{options.Nodes} nodes: {report.Elapsed.TotalSeconds:F1} s ({report.Elapsed.TotalMilliseconds / options.Nodes:F2} ms per node), " +
            $"{report.ManagedBytesPerNode / 1024.0:F1} KiB managed per node, peak working set {report.PeakWorkingSetBytes >> 20} MiB, " +
            $"mean contacts {report.MeanContacts:F1}, found {report.Found}/{report.Lookups}, {report.Datagrams} datagrams");
        return report;
    }
}
