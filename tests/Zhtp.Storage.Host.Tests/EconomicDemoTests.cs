namespace Zhtp.Storage.Host.Tests;

public sealed class EconomicDemoTests
{
    [Fact]
    public async Task RunAsync_OwnDht_ShowsLifecycleAuditsPenaltyAndConsistentLedger()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = new StringWriter();

        await Demo.EconomicDemo.RunAsync(output, timeout.Token);

        var text = output.ToString();
        Assert.Contains("24/24 Merkle audits passed", text, StringComparison.Ordinal);
        Assert.Contains("VIOLATION DataLoss", text, StringComparison.Ordinal);
        Assert.Contains("state Settlement", text, StringComparison.Ordinal);
        Assert.Contains("penalty pool", text, StringComparison.Ordinal);
        Assert.Contains(": consistent", text, StringComparison.Ordinal);
    }
}
