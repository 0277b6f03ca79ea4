namespace Zhtp.Storage.Host.Tests;

/// <summary><c>zhtp demo</c>, run as a real process with a small network.</summary>
public sealed class DemoCommandTests
{
    [Fact(Timeout = 120_000)]
    public async Task Demo_SmallNetwork_FindsEveryRecordBeforeAndAfterKills()
    {
        var (code, output, error) = await ZhtpProcess.RunAsync("demo", "--nodes", "10", "--records", "12", "--kill", "3", "--k", "4");

        Assert.True(code == 0, error + output);
        Assert.Contains("found 12/12, mean hops", output, StringComparison.Ordinal);
        Assert.Contains("found 12/12 with 3 of 10 nodes dead", output, StringComparison.Ordinal);
        Assert.Contains("through IUnifiedStorageSystem only", output, StringComparison.Ordinal);
        Assert.Contains("opened with the same identity file", output, StringComparison.Ordinal);
        Assert.Contains("-> bit-exact", output, StringComparison.Ordinal);
        Assert.Contains("found and opened on another node", output, StringComparison.Ordinal);
        Assert.Contains("OK: demo finished", output, StringComparison.Ordinal);
    }
}
