namespace Zhtp.Storage.Host.Tests;

/// <summary><c>zhtp demo</c>, run as a real process with a small network.</summary>
public sealed class DemoCommandTests
{
    [Fact(Timeout = 180_000)]
    public async Task Demo_SmallNetwork_FindsEveryRecordBeforeAndAfterStops_ThroughTheFacadeOnly()
    {
        var (code, output, error) = await ZhtpProcess.RunAsync("demo", "--nodes", "10", "--records", "12", "--kill", "2", "--k", "4");

        Assert.True(code == 0, error + output);
        Assert.Contains("all driven through IUnifiedStorageSystem only", output, StringComparison.Ordinal);
        Assert.Matches(@"[0-9a-f]{16}… \d+ bytes: 6 shards on 6 nodes", output);
        Assert.Contains("found 12/12, ", output, StringComparison.Ordinal);
        Assert.Contains("found 12/12 with 2 of 10 nodes stopped", output, StringComparison.Ordinal);
        Assert.Contains("opened with the same identity file", output, StringComparison.Ordinal);
        Assert.Contains("-> bit-exact", output, StringComparison.Ordinal);
        Assert.Contains("found and opened on another node", output, StringComparison.Ordinal);
        Assert.Contains("faulty host avoided", output, StringComparison.Ordinal);
        Assert.Contains("(all agree); no node ever held the group secret", output, StringComparison.Ordinal);
        Assert.Contains("144-byte credential", output, StringComparison.Ordinal);
        Assert.Contains("-> verifies under the group key", output, StringComparison.Ordinal);
        Assert.Contains("issue a classical identity's credential -> verifies", output, StringComparison.Ordinal);
        Assert.Contains("(2 left): no credential (fewer than t partial signatures)", output, StringComparison.Ordinal);
        Assert.Contains("OK: demo finished", output, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Demo_TooManyStops_RefusedWithTheLimits()
    {
        var (code, _, error) = await ZhtpProcess.RunAsync("demo", "--kill", "3");

        Assert.Equal(2, code);
        Assert.Contains("--kill 0..2", error, StringComparison.Ordinal);
    }
}
