using Xunit.Abstractions;

namespace Zhtp.Storage.Host.Tests;

public sealed class EconomicDemoTests(ITestOutputHelper log)
{
    [Fact]
    public async Task RunAsync_OwnSystems_ShowsContractsAuditsPenaltyRepairAvoidanceAndConsistentLedger()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var output = new StringWriter();

        await Demo.EconomicDemo.RunAsync(output, timeout.Token);

        var text = output.ToString();
        log.WriteLine(text);
        Assert.Contains("Merkle proofs over the real shard bytes passed", text, StringComparison.Ordinal);
        Assert.Contains("next audit of", text, StringComparison.Ordinal);
        Assert.Contains(": Missing", text, StringComparison.Ordinal);
        Assert.Contains("VIOLATION DataLoss", text, StringComparison.Ordinal);
        Assert.Contains("shards rebuilt (e.g.", text, StringComparison.Ordinal);
        Assert.Contains("download after repair: identical", text, StringComparison.Ordinal);
        Assert.Matches(@"next upload: 7 hosts quoted; holders .+; faulty host avoided", text);
        Assert.Contains("penalty pool", text, StringComparison.Ordinal);
        Assert.Contains(": consistent", text, StringComparison.Ordinal);
    }
}
