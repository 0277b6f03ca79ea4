using System.Text.RegularExpressions;

namespace Zhtp.Storage.Host.Tests;

/// <summary><c>zhtp bench rpc</c>, run as a real process for a fraction of a second.</summary>
public sealed class BenchRpcCommandTests
{
    [Fact(Timeout = 60_000)]
    public async Task BenchRpc_ShortRun_PrintsPositiveRate()
    {
        var (code, output, error) = await ZhtpProcess.RunAsync("bench", "rpc", "--seconds", "0.5", "--concurrency", "4");

        Assert.True(code == 0, error);
        Match rate = Regex.Match(output, @"4 in flight, [\d.]+ s\): ([\d,]+) req/s, \d+ timed out, rtt p50 [\d.]+ ms p99 [\d.]+ ms");
        Assert.True(rate.Success, output);
        Assert.True(int.Parse(rate.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact(Timeout = 60_000)]
    public async Task BenchRpc_Json_PrintsOneObjectWithTheFigures()
    {
        var (code, output, error) = await ZhtpProcess.RunAsync("bench", "rpc", "--seconds", "0.5", "--concurrency", "8", "--json");

        Assert.True(code == 0, error);
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("ecdsa-p256", root.GetProperty("signer").GetString());
        Assert.Equal(8, root.GetProperty("concurrency").GetInt32());
        long completed = root.GetProperty("completed").GetInt64();
        Assert.True(completed > 0, output);
        Assert.True(root.GetProperty("requests_per_second").GetDouble() > 0, output);
        double rate = root.GetProperty("requests_per_second").GetDouble();
        Assert.True(Math.Abs((completed / root.GetProperty("seconds").GetDouble()) - rate) <= 1 + (rate * 0.01), output);
        Assert.True(root.GetProperty("timed_out").GetInt64() >= 0);
        Assert.True(root.GetProperty("rtt_p99_ms").GetDouble() >= root.GetProperty("rtt_p50_ms").GetDouble(), output);
    }

    [Fact(Timeout = 120_000)]
    public async Task BenchRpc_MLDsa65Signer_ReportsHandshakeCostAndRate()
    {
        var (code, output, error) = await ZhtpProcess.RunAsync("bench", "rpc", "--seconds", "0.5", "--concurrency", "8", "--signer", "mldsa65", "--json");

        Assert.True(code == 0, error);
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("mldsa65", root.GetProperty("signer").GetString());
        Assert.Equal("hybrid-handshake", root.GetProperty("sessions").GetString());
        Assert.True(root.GetProperty("handshake_us").GetDouble() > 0, output);
        // Both frames: two ML-DSA keys (1,952 B) and signatures (3,309 B), the ML-KEM key (1,184 B) and ciphertext (1,088 B).
        Assert.InRange(root.GetProperty("handshake_bytes").GetInt64(), 12_800, 13_400);
        Assert.True(root.GetProperty("completed").GetInt64() > 0, output);
    }

    [Fact(Timeout = 60_000)]
    public async Task BenchRpc_ZeroSeconds_Exits2()
    {
        var (code, _, error) = await ZhtpProcess.RunAsync("bench", "rpc", "--seconds", "0");

        Assert.Equal(2, code);
        Assert.Contains("--seconds", error, StringComparison.Ordinal);
    }
}
