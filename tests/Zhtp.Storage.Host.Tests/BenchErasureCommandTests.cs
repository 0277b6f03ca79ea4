using System.Diagnostics;
using System.Text.Json;

namespace Zhtp.Storage.Host.Tests;

/// <summary><c>zhtp bench erasure</c>, run as a real process with very short figures.</summary>
public sealed class BenchErasureCommandTests
{

    [Fact]
    public async Task BenchErasure_Json_PrintsTheSixCasesWithPositiveRates()
    {
        var (exitCode, output, error) = await ZhtpProcess.RunAsync("bench", "erasure", "--json", "--seconds", "0.02");

        Assert.True(exitCode == 0, error);
        using var json = JsonDocument.Parse(output);
        var cases = json.RootElement.EnumerateArray().Select(e => (Name: e.GetProperty("case").GetString() ?? string.Empty, Gbps: e.GetProperty("gbps").GetDouble())).ToArray();
        Assert.Equal<string>(
            ["encode-4+2-64KiB", "encode-4+2-1MiB", "reconstruct-4+2-64KiB", "reconstruct-4+2-1MiB", "encode-10+4-1MiB", "reconstruct-10+4-1MiB"],
            cases.Select(c => c.Name).ToArray());
        Assert.All(cases, c => Assert.True(c.Gbps > 0, $"{c.Name}: {c.Gbps}"));
    }

    [Fact]
    public async Task BenchErasure_Text_PrintsAnchorFormatLines()
    {
        var (exitCode, output, error) = await ZhtpProcess.RunAsync("bench", "erasure", "--seconds", "0.02", "--case", "reconstruct-4+2-64KiB");

        Assert.True(exitCode == 0, error);
        string line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("zhtp erasure reconstruct 4+2 shard=65536 stripe=262144 lost=2 iters=", line, StringComparison.Ordinal);
        Assert.Contains(" GBps=", line, StringComparison.Ordinal);
        Assert.Contains(" best_GBps=", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--case", "encode-3+1-1MiB")]
    [InlineData("--seconds", "0")]
    public async Task BenchErasure_BadOption_ExitsNonZeroWithMessage(string option, string value)
    {
        var (exitCode, _, error) = await ZhtpProcess.RunAsync("bench", "erasure", option, value);

        Assert.NotEqual(0, exitCode);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
