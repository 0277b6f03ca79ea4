using System.Net;
using System.Net.Http.Headers;
using Zhtp.Storage.Http;
using Zhtp.Storage.Unified;

namespace Zhtp.Storage.Host.Tests;

/// <summary><c>zhtp token create|list|revoke</c> in-process, against a node serving the HTTP API from the same data directory.</summary>
public sealed class TokenCommandTests
{
    [Fact(Timeout = 120_000)]
    public async Task Create_PrintsTheTokenLast_ARunningNodeAcceptsIt_AndRevokeTakesEffect()
    {
        string directory = Path.Combine(Path.GetTempPath(), "zhtp-token-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await using IUnifiedStorageSystem system = await UnifiedStorageSystems.StartAsync(new ZhtpStorageOptions { DataDirectory = directory }, cancellationToken: timeout.Token);
            await using IZhtpApiServer api = await ZhtpHttpApi.StartAsync(system, new ZhtpApiOptions { Listen = "127.0.0.1:0" }, cancellationToken: timeout.Token);

            (int exit, string output, string error) = await RunAsync("token", "create", "--data-dir", directory, "--scope", "read,write", "--identity", "alice");
            Assert.True(exit == 0, error);
            string token = output.TrimEnd().Split('\n')[^1].Trim();
            Assert.StartsWith("zhtp_", token, StringComparison.Ordinal);
            string id = output.Split('\n')[0].Split(':')[1].Trim();
            Assert.StartsWith("tok_", id, StringComparison.Ordinal);
            Assert.DoesNotContain(token, await File.ReadAllTextAsync(Path.Combine(directory, "api", "tokens.json")), StringComparison.Ordinal);

            using var client = new HttpClient { BaseAddress = api.Address };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using (HttpResponseMessage listed = await client.GetAsync("/api/v1/content", timeout.Token))
            {
                Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
            }

            (exit, output, _) = await RunAsync("token", "list", "--data-dir", directory);
            Assert.Equal(0, exit);
            Assert.Contains(id, output, StringComparison.Ordinal);
            Assert.Contains("alice", output, StringComparison.Ordinal);
            Assert.DoesNotContain(token, output, StringComparison.Ordinal);

            (exit, _, error) = await RunAsync("token", "revoke", "--data-dir", directory, id);
            Assert.True(exit == 0, error);
            using (HttpResponseMessage refused = await client.GetAsync("/api/v1/content", timeout.Token))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            }

            (exit, _, error) = await RunAsync("token", "revoke", "--data-dir", directory, id);
            Assert.Equal(1, exit);
            Assert.Contains("no valid token", error, StringComparison.Ordinal);
            (exit, _, error) = await RunAsync("token", "create", "--data-dir", directory, "--scope", "read,root");
            Assert.Equal(2, exit);
            Assert.Contains("Unknown scope 'root'", error, StringComparison.Ordinal);
            (exit, _, error) = await RunAsync("token", "create", "--data-dir", directory, "--scope", "read", "--identity", "Not Valid");
            Assert.Equal(2, exit);

            (exit, output, error) = await RunAsync("token", "create", "--data-dir", directory, "--scope", "read", "--expires", "30d");
            Assert.True(exit == 0, error);
            Assert.Matches(@"expires:  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", output);
            (exit, output, _) = await RunAsync("token", "list", "--data-dir", directory);
            Assert.Contains("valid until ", output, StringComparison.Ordinal);
            foreach (string bad in new[] { "0d", "-5m", "12", "3w", "h", "40000d" })
            {
                (exit, _, error) = await RunAsync("token", "create", "--data-dir", directory, "--scope", "read", "--expires", bad);
                Assert.True(exit == 2, $"--expires {bad}: exit {exit}");
                Assert.Contains("is not a lifetime", error, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await Program.BuildRoot().Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
