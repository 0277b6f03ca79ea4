using System.Text.RegularExpressions;

namespace Zhtp.Storage.Host.Tests;

/// <summary><c>zhtp bench rpc</c>, run as a real process for a fraction of a second.</summary>
public sealed class BenchRpcCommandTests
{
    [Fact(Timeout = 60_000)]
    public async Task BenchRpc_ShortRun_PrintsPositiveRateWithoutTimeouts()
    {
        var (code, output, error) = await ZhtpProcess.RunAsync("bench", "rpc", "--seconds", "0.5", "--concurrency", "4");

        Assert.True(code == 0, error);
        Match rate = Regex.Match(output, @"\): ([\d,]+) req/s, 0 timed out");
        Assert.True(rate.Success, output);
        Assert.True(int.Parse(rate.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact(Timeout = 60_000)]
    public async Task BenchRpc_ZeroSeconds_Exits2()
    {
        var (code, _, error) = await ZhtpProcess.RunAsync("bench", "rpc", "--seconds", "0");

        Assert.Equal(2, code);
        Assert.Contains("--seconds", error, StringComparison.Ordinal);
    }
}
