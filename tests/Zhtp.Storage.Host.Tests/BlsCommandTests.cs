using System.Text.Json;

namespace Zhtp.Storage.Host.Tests;

/// <summary><c>zhtp bls</c> argument errors and <c>zhtp bench bls</c> as real processes.</summary>
public sealed class BlsCommandTests
{
    [Fact]
    public async Task Keygen_ShortOrNonHexIkm_ExitsTwoWithAMessage()
    {
        ProcessResult shortIkm = await ZhtpProcess.RunZhtpAsync(["bls", "keygen", "--ikm", "0011"]);
        Assert.Equal(2, shortIkm.ExitCode);
        Assert.Contains("at least 32 bytes", shortIkm.Error, StringComparison.Ordinal);

        ProcessResult notHex = await ZhtpProcess.RunZhtpAsync(["bls", "sign", "--ikm", "zz", "--message", ""]);
        Assert.Equal(2, notHex.ExitCode);
        Assert.Contains("--ikm is not hex", notHex.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_MalformedKey_ExitsOne()
    {
        ProcessResult result = await ZhtpProcess.RunZhtpAsync(["bls", "verify", "--public-key", "00", "--message", "", "--signature", "00"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("invalid", result.Text.Trim());
    }

    [Fact]
    public async Task BenchBls_Json_PrintsTheThreeFigures()
    {
        ProcessResult result = await ZhtpProcess.RunZhtpAsync(["bench", "bls", "--json", "--seconds", "0.01"]);
        Assert.True(result.ExitCode == 0, result.Error);
        string last = result.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        using JsonDocument json = JsonDocument.Parse(last);
        foreach (string name in new[] { "sign_us", "verify_us", "fast_aggregate_verify_20_us" })
        {
            Assert.True(json.RootElement.GetProperty(name).GetDouble() > 0, name);
        }
    }
}
