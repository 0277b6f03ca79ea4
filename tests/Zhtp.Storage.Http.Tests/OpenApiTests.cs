using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Zhtp.Storage.Http.Tests.Support;

namespace Zhtp.Storage.Http.Tests;

[Collection("api")]
public sealed class OpenApiTests(SharedApiNode shared)
{
    [Fact(Timeout = 60_000)]
    public async Task EveryMappedRoute_AppearsInTheOpenApiDocument_WithItsMethods()
    {
        using JsonDocument document = JsonDocument.Parse(await shared.Node.Client((System.Net.Http.Headers.AuthenticationHeaderValue?)null).GetStringAsync("/openapi/v1.json", ApiNode.Timeout()));
        JsonElement paths = document.RootElement.GetProperty("paths");
        Assert.Equal("bearer", document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());

        // The routes as the application maps them (an application built the same way, not started).
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSingleton(shared.Node.System);
        builder.Services.AddZhtpApi(new ZhtpApiOptions { DataDirectory = shared.Node.DataDirectory });
        await using WebApplication app = builder.Build();
        app.MapZhtpApi();
        var routes = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Select(e => (Path: "/" + e.RoutePattern.RawText!.Trim('/'), Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []))
            .Where(r => r.Path is not "/openapi/{documentName}.json" and not "/metrics" and not "/" and not "/dashboard/{file}") // the document itself; the Prometheus text endpoint; the dashboard's static files (docs/api.md)
            .ToList();

        Assert.True(routes.Count >= 19, $"only {routes.Count} routes mapped");
        foreach ((string path, IReadOnlyList<string> methods) in routes)
        {
            Assert.True(paths.TryGetProperty(path, out JsonElement item), $"{path} is not in /openapi/v1.json");
            foreach (string method in methods)
            {
                Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out _), $"{method} {path} is not in /openapi/v1.json");
            }
        }
    }
}
