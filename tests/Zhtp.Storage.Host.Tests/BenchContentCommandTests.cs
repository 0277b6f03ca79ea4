using System.Text.Json;

namespace Zhtp.Storage.Host.Tests;

public sealed class BenchContentCommandTests
{
    [Fact(Timeout = 120_000)]
    public async Task BenchContent_Json_LastLineHasTheFigures()
    {
        var (code, output, error) = await ZhtpProcess.RunAsync("bench", "content", "--size", "4M", "--segment-size", "256K", "--ranges", "5", "--json");

        Assert.True(code == 0, error + output);
        string last = output.TrimEnd().Split('\n')[^1];
        using var doc = JsonDocument.Parse(last);
        JsonElement root = doc.RootElement;
        Assert.Equal(4L << 20, root.GetProperty("size_bytes").GetInt64());
        Assert.True(root.GetProperty("upload_mbps").GetDouble() > 0, last);
        Assert.True(root.GetProperty("download_mbps").GetDouble() > 0, last);
        Assert.Contains(root.GetProperty("slowest_stage").GetString(), new[] { "lz4-compress", "aes-gcm-seal", "rs-4+2-encode", "blake3" });
        Assert.True(root.GetProperty("slowest_stage_mbps").GetDouble() > 0, last);
        Assert.True(root.GetProperty("ttfb_ms_p50").GetDouble() > 0, last);
        Assert.True(root.GetProperty("peak_rss_mb").GetDouble() > 0, last);
        Assert.Contains("download:", output, StringComparison.Ordinal);
        Assert.True(root.GetProperty("shard_transfer_s").GetDouble() > 0, last);
        Assert.True(root.GetProperty("upload_to_shard_transfer").GetDouble() > 0, last);
        Assert.Contains("shard-transfer", output, StringComparison.Ordinal);
        Assert.Contains("the shard transfer stage", output, StringComparison.Ordinal);
        Assert.True(root.GetProperty("upload_cpu_s_per_gib").GetDouble() > 0, last);
        Assert.True(root.GetProperty("download_cpu_s_per_gib").GetDouble() > 0, last);
        Assert.Contains("warm-up:", output, StringComparison.Ordinal);
        Assert.Contains("JIT inside the timed phases", output, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task BenchContent_BadSize_ExitsWithUsage()
    {
        var (code, _, error) = await ZhtpProcess.RunAsync("bench", "content", "--size", "lots");

        Assert.Equal(2, code);
        Assert.Contains("--size", error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task BenchContent_QuantumLevel_RunsThroughTheHybridPath()
    {
        var (code, output, error) = await ZhtpProcess.RunAsync("bench", "content", "--size", "2M", "--segment-size", "256K", "--ranges", "3", "--level", "quantum", "--json");

        Assert.True(code == 0, error + output);
        using var doc = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        Assert.Equal("quantum", doc.RootElement.GetProperty("level").GetString());
        Assert.True(doc.RootElement.GetProperty("encrypted").GetBoolean());
        Assert.Contains("QuantumResistant", output, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task BenchContent_UnknownLevel_ExitsWithUsage()
    {
        var (code, _, error) = await ZhtpProcess.RunAsync("bench", "content", "--level", "paranoid");

        Assert.Equal(2, code);
        Assert.Contains("--level", error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task BenchContent_ViaUnified_MeasuresThroughTheFacade()
    {
        var (code, output, error) = await ZhtpProcess.RunAsync("bench", "content", "--size", "2M", "--segment-size", "256K", "--ranges", "3", "--via", "unified", "--json");

        Assert.True(code == 0, error + output);
        using var doc = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        Assert.Equal("unified", doc.RootElement.GetProperty("via").GetString());
        Assert.True(doc.RootElement.GetProperty("upload_mbps").GetDouble() > 0);
        Assert.True(doc.RootElement.GetProperty("download_mbps").GetDouble() > 0);
        Assert.Contains("IUnifiedStorageSystem on the first and last", output, StringComparison.Ordinal);
        Assert.False(doc.RootElement.TryGetProperty("shard_transfer_s", out _)); // the unified path exposes no DHT node to send shards from
    }

    [Fact(Timeout = 30_000)]
    public async Task BenchContent_ViaUnifiedWithMemoryStores_ExitsWithUsage()
    {
        var (code, _, error) = await ZhtpProcess.RunAsync("bench", "content", "--via", "unified", "--memory-stores");

        Assert.Equal(2, code);
        Assert.Contains("--memory-stores goes with --via content only", error, StringComparison.Ordinal);
    }
}
