using System.Text.Json;

namespace Zhtp.Storage.Host.Tests;

public sealed class BenchFacadeCommandTests
{
    [Fact(Timeout = 180_000)]
    public async Task BenchFacade_Json_LastLineHasBothPathsAndTheirRatios()
    {
        var (code, output, error) = await ZhtpProcess.RunAsync("bench", "facade", "--size", "2M", "--rounds", "2", "--json");

        Assert.True(code == 0, error + output);
        Assert.Equal(2, output.Split('\n').Count(l => l.StartsWith("round ", StringComparison.Ordinal)));
        using var doc = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        JsonElement root = doc.RootElement;
        Assert.Equal(2L << 20, root.GetProperty("size_bytes").GetInt64());
        foreach (string name in new[] { "upload_facade_mbps", "upload_raw_mbps", "download_facade_mbps", "download_raw_mbps", "upload_ratio", "download_ratio" })
        {
            Assert.True(root.GetProperty(name).GetDouble() > 0, name);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task BenchFacade_BadRounds_ExitsWithUsage()
    {
        var (code, _, error) = await ZhtpProcess.RunAsync("bench", "facade", "--rounds", "0");

        Assert.Equal(2, code);
        Assert.Contains("--rounds 1..100", error, StringComparison.Ordinal);
    }
}
