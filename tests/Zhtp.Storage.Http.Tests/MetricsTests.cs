using System.Net.Http.Headers;
using System.Security.Cryptography;
using Zhtp.Storage.Http.Tests.Support;

namespace Zhtp.Storage.Http.Tests;

public sealed class MetricsTests
{
    private static readonly string[] LayerSeries =
    [
        "zhtp_dht_contacts",                             // Zhtp.Storage.Dht
        "zhtp_content_uploads_total",                    // Zhtp.Storage.Content
        "zhtp_economic_quotes_total",                    // Zhtp.Storage.Economic
        "zhtp_unified_operation_duration_seconds_count", // Zhtp.Storage.Unified
        "http_server_request_duration_seconds_count",    // ASP.NET Core
    ];

    [Fact(Timeout = 120_000)]
    public async Task Metrics_ExposeEveryLayerAndHttp_InPrometheusText()
    {
        await using ApiNode node = await ApiNode.StartAsync(4);
        HttpClient admin = await ExerciseAsync(node);

        string text = await node.Client((AuthenticationHeaderValue?)null).GetStringAsync("/metrics", ApiNode.Timeout());
        foreach (string series in LayerSeries)
        {
            Assert.True(text.Contains(series, StringComparison.Ordinal), $"/metrics lacks {series}:\n{text[..Math.Min(text.Length, 4000)]}");
        }

        Assert.Contains($"otel_scope_zhtp_node_id=\"{node.System.GetNodeInfo().NodeId}\"", text, StringComparison.Ordinal);
        GC.KeepAlive(admin);
    }

    [PrometheusFact(Timeout = 120_000)]
    public async Task RealPrometheus_ScrapesMetrics_AndPromQlReturnsEachLayersSeries()
    {
        await using ApiNode node = await ApiNode.StartAsync(4);
        await ExerciseAsync(node);
        await using PrometheusServer prometheus = PrometheusServer.Start(node.Server.Address);
        string nodeId = node.System.GetNodeInfo().NodeId.ToString();

        var uploads = await prometheus.QueryUntilPresentAsync($"zhtp_content_uploads_total{{otel_scope_zhtp_node_id=\"{nodeId}\"}}", TimeSpan.FromSeconds(60));
        Assert.Equal(1, Assert.Single(uploads).Value);
        foreach (string series in LayerSeries)
        {
            Assert.NotEmpty(await prometheus.QueryUntilPresentAsync(series, TimeSpan.FromSeconds(30)));
        }

        var created = await prometheus.QueryUntilPresentAsync("sum by (http_response_status_code) (http_server_request_duration_seconds_count{http_route=\"/api/v1/content/\"})", TimeSpan.FromSeconds(30));
        Assert.Contains(created, s => s.Labels.GetValueOrDefault("http_response_status_code") == "201");
    }

    /// <summary>One upload, one download, one quote and the stats: every layer's instruments have something to say.</summary>
    private static async Task<HttpClient> ExerciseAsync(ApiNode node)
    {
        HttpClient admin = node.Client("admin");
        string id = await ContentApiTests.UploadAsync(admin, RandomNumberGenerator.GetBytes(50_000));
        await admin.GetByteArrayAsync($"/api/v1/content/{id}", ApiNode.Timeout());
        await admin.GetStringAsync("/api/v1/quote?size=1000", ApiNode.Timeout());
        await admin.GetStringAsync("/api/v1/stats", ApiNode.Timeout());
        return admin;
    }
}
