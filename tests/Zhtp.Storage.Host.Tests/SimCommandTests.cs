using System.Text.Json;

namespace Zhtp.Storage.Host.Tests;

/// <summary><c>zhtp sim</c>, run as a real process with a small network.</summary>
public sealed class SimCommandTests
{
    [Fact(Timeout = 120_000)]
    public async Task Sim_Json_HasTheDocumentedKeysAndMeetsGoals()
    {
        var (code, output, error) = await ZhtpProcess.RunAsync("sim", "--nodes", "500", "--lookups", "50", "--dead-fraction", "0.2", "--seed", "3", "--json");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        Assert.Equal(500, root.GetProperty("nodes").GetInt32());
        Assert.Equal(100, root.GetProperty("lookups").GetInt32());
        Assert.Equal(0.2, root.GetProperty("dead_fraction").GetDouble());
        Assert.True(root.GetProperty("success_rate").GetDouble() >= 0.99);
        Assert.True(root.GetProperty("median_rounds").GetDouble() <= 4);
        Assert.True(root.GetProperty("p99_rounds").GetDouble() >= root.GetProperty("median_rounds").GetDouble());
        Assert.True(root.GetProperty("median_messages").GetDouble() > 0);
        Assert.True(root.GetProperty("p99_latency_ms").GetDouble() >= root.GetProperty("median_latency_ms").GetDouble());
    }

    [Fact(Timeout = 120_000)]
    public async Task Sim_DeadContacts_CostAdaptiveTimeoutsNotFullOnes()
    {
        // One-way latency 20..80 ms (RTT 40..160 ms): the adaptive time is at most 4 × 160 = 640 ms,
        // where every dead contact used to cost the whole 1,000 ms timeout before the lookup moved on;
        // with the quorum rule the goals (p50 <= 400 ms, p99 <= 1.5 s) hold.
        var (code, output, error) = await ZhtpProcess.RunAsync("sim", "--nodes", "1000", "--lookups", "200", "--dead-fraction", "0.2", "--min-latency-ms", "20", "--max-latency-ms", "80", "--seed", "4", "--json");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        Assert.True(root.GetProperty("success_rate").GetDouble() >= 0.99, output);
        Assert.True(root.GetProperty("median_latency_ms").GetDouble() <= 400, output);
        Assert.True(root.GetProperty("p99_latency_ms").GetDouble() <= 1500, output);
        Assert.True(root.GetProperty("findnode_median_latency_ms").GetDouble() >= root.GetProperty("findvalue_median_latency_ms").GetDouble(), output);
    }

    [Fact(Timeout = 120_000)]
    public async Task Sim_Churn_ReportsRecordsKeptAndMaintenanceCostPerNodeHour()
    {
        var (code, output, error) = await ZhtpProcess.RunAsync("sim", "--nodes", "300", "--lookups", "30", "--records", "50", "--churn-per-hour", "0.1", "--hours", "3", "--seed", "2", "--json");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        JsonElement churn = json.RootElement.GetProperty("churn");
        Assert.Equal(90, churn.GetProperty("replaced").GetInt32());
        Assert.Equal(50, churn.GetProperty("records_found_at_end").GetInt32());
        Assert.True(churn.GetProperty("refresh_messages_per_node_hour").GetDouble() > 0, output);
        Assert.True(churn.GetProperty("replication_messages_per_node_hour").GetDouble() > 0, output);
        Assert.True(churn.GetProperty("liveness_messages_per_node_hour").GetDouble() > 0, output);
    }

    [Fact(Timeout = 120_000)]
    public async Task Sim_FullStacks_RunsRealNodesAndReportsTimeAndMemoryPerNode()
    {
        var (code, output, error) = await ZhtpProcess.RunAsync("sim", "--full-stacks", "--nodes", "200", "--lookups", "50", "--records", "10", "--json");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        Assert.True(root.GetProperty("full_stacks").GetBoolean());
        Assert.Equal(200, root.GetProperty("nodes").GetInt32());
        Assert.Equal(1.0, root.GetProperty("success_rate").GetDouble());
        Assert.True(root.GetProperty("join_seconds").GetDouble() > 0, output);
        Assert.True(root.GetProperty("managed_bytes_per_node").GetInt64() > 0, output);
        Assert.True(root.GetProperty("peak_working_set_bytes").GetInt64() > root.GetProperty("managed_bytes_per_node").GetInt64() * 200, output);
        Assert.True(root.GetProperty("datagrams").GetInt64() > 200, output);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("--nodes", "1")]
    [InlineData("--dead-fraction", "1.5")]
    [InlineData("--max-latency-ms", "5")]
    [InlineData("--churn-per-hour", "1")]
    public async Task Sim_BadOption_Exits2WithMessage(string option, string value)
    {
        var (code, _, error) = await ZhtpProcess.RunAsync("sim", option, value, "--lookups", "1");

        Assert.Equal(2, code);
        Assert.StartsWith("zhtp sim:", error, StringComparison.Ordinal);
    }
}
