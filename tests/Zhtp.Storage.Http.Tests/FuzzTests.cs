using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Zhtp.Storage.Http.Tests.Support;

namespace Zhtp.Storage.Http.Tests;

/// <summary>Random requests against a real node's API: none may get a 5xx, and health answers afterwards.</summary>
public sealed class FuzzTests
{
    private static readonly string[] Methods = ["GET", "GET", "GET", "POST", "POST", "DELETE", "HEAD", "PUT", "PATCH", "OPTIONS"];

    private static readonly string[] Routes =
    [
        "/api/v1/content", "/api/v1/content/{id}", "/api/v1/content/{id}/versions", "/api/v1/content/{id}/grants",
        "/api/v1/content/{id}/grants/{id}", "/api/v1/quote", "/api/v1/health", "/api/v1/health/live", "/api/v1/info",
        "/api/v1/stats", "/api/v1/peers", "/store", "/retrieve/{id}", "/blob/{id}", "/health", "/info", "/metrics",
        "/openapi/v1.json", "/api/v1/{junk}", "/{junk}",
    ];

    private static readonly string[] QueryKeys = ["limit", "cursor", "version", "q", "tag", "type", "owner", "network", "access", "encryption", "filename", "tags", "name", "size", "days", "tier", "replication", "contentType", "description"];

    private static readonly string[] HeaderNames = ["Range", "If-None-Match", "If-Range", "X-Zhtp-Tags", "X-Zhtp-Access", "X-Zhtp-Encryption", "X-Zhtp-Filename", "X-Zhtp-Name", "Accept", "If-Modified-Since"];

    [Fact(Timeout = 600_000)]
    public Task RandomRequests_NeverGet5xx_AndHealthAnswersAfterwards() => RunAsync(10_000, seed: 20261202);

    [Fact(Timeout = 3_600_000)]
    [Trait("Category", "Soak")]
    public Task RandomRequests_Soak() => RunAsync(100_000, seed: int.TryParse(Environment.GetEnvironmentVariable("ZHTP_FUZZ_SEED"), out int seed) ? seed : Environment.TickCount); // the failure message names the seed

    private static async Task RunAsync(int requests, int seed)
    {
        await using ApiNode node = await ApiNode.StartAsync(4, o => o.MaxRequestBodySize = 256 * 1024);
        HttpClient admin = node.Client("admin");
        string realId = await ContentApiTests.UploadAsync(admin, Encoding.UTF8.GetBytes("fuzz target"), "?access=public&filename=t.txt");
        (_, string adminToken) = node.Tokens.Create(["admin"], null);
        (_, string readToken) = node.Tokens.Create(["read"], "fuzz-reader");
        string?[] authorizations = [null, "Bearer " + adminToken, "Bearer " + adminToken, "Bearer " + readToken, "Bearer zhtp_wrong", "Basic Zm9vOmJhcg==", "Bearer ", "bearer " + adminToken];
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 8, AllowAutoRedirect = false }) { BaseAddress = node.Server.Address, Timeout = TimeSpan.FromSeconds(60) };

        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        int next = -1;
        async Task WorkerAsync(int worker)
        {
            var random = new Random(seed + worker);
            while (Interlocked.Increment(ref next) < requests && failures.Count < 5)
            {
                using HttpRequestMessage request = Build(random, realId, authorizations);
                string description = $"{request.Method} {request.RequestUri}";
                try
                {
                    using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ApiNode.Timeout());
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Enqueue($"{description} -> {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    }
                }
                catch (HttpRequestException e)
                {
                    // A connection the server closed on a malformed request is an acceptable answer to garbage; count it.
                    statuses.AddOrUpdate(-1, 1, (_, n) => n + 1);
                    GC.KeepAlive(e);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(WorkerAsync));

        Assert.True(failures.IsEmpty, $"seed {seed}: " + string.Join("\n", failures));
        Assert.True(statuses.Keys.Any(k => k is >= 200 and < 300) && statuses.Keys.Count(k => k is >= 400 and < 500) > 3, string.Join(", ", statuses.OrderBy(k => k.Key).Select(k => $"{k.Key}: {k.Value}")));
        using HttpResponseMessage health = await node.Client((AuthenticationHeaderValue?)null).GetAsync("/api/v1/health", ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        string after = await ContentApiTests.UploadAsync(admin, Encoding.UTF8.GetBytes("after the fuzz")); // the fuzz may have deleted realId
        Assert.Equal("after the fuzz", await admin.GetStringAsync($"/api/v1/content/{after}", ApiNode.Timeout()));
    }

    private static HttpRequestMessage Build(Random random, string realId, string?[] authorizations)
    {
        string path = Routes[random.Next(Routes.Length)];
        while (path.Contains("{id}", StringComparison.Ordinal))
        {
            int at = path.IndexOf("{id}", StringComparison.Ordinal);
            path = path[..at] + Segment(random, realId) + path[(at + 4)..];
        }

        path = path.Replace("{junk}", Segment(random, realId), StringComparison.Ordinal);
        var query = new StringBuilder();
        for (int i = random.Next(4); i > 0; i--)
        {
            query.Append(query.Length == 0 ? '?' : '&').Append(QueryKeys[random.Next(QueryKeys.Length)]).Append('=').Append(Uri.EscapeDataString(Junk(random, 24)));
        }

        var request = new HttpRequestMessage(new HttpMethod(Methods[random.Next(Methods.Length)]), path + query);
        if (authorizations[random.Next(authorizations.Length)] is { } authorization)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        for (int i = random.Next(3); i > 0; i--)
        {
            string name = HeaderNames[random.Next(HeaderNames.Length)];
            string value = name == "Range" && random.Next(2) == 0 ? $"bytes={random.Next(-5, 20)}-{random.Next(-5, 20)}" : Junk(random, 40);
            request.Headers.TryAddWithoutValidation(name, value.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
        }

        if (request.Method == HttpMethod.Post || request.Method == HttpMethod.Put || request.Method == HttpMethod.Patch)
        {
            byte[] body = random.Next(3) switch
            {
                0 => Encoding.UTF8.GetBytes("{\"ciphertext\":\"" + Convert.ToBase64String(RandomBytes(random, 100)) + "\",\"mimeType\":\"" + Junk(random, 10) + "\",\"identity\":\"" + Junk(random, 10) + "\"}"),
                1 => Encoding.UTF8.GetBytes(Junk(random, 200)),
                _ => RandomBytes(random, random.Next(0, 5000)),
            };
            request.Content = new ByteArrayContent(body);
            string[] types = ["application/json", "application/octet-stream", "text/plain", "multipart/form-data", Junk(random, 12)];
            request.Content.Headers.TryAddWithoutValidation("Content-Type", types[random.Next(types.Length)]);
        }

        return request;
    }

    private static string Segment(Random random, string realId) => random.Next(6) switch
    {
        0 => realId,
        1 => Convert.ToHexStringLower(RandomBytes(random, 32)),
        2 => new string('z', random.Next(1, 3000)),
        _ => Uri.EscapeDataString(Junk(random, 70)),
    };

    private static string Junk(Random random, int max)
    {
        const string alphabet = "abcXYZ0123456789-_.~%/\\:;,=&?#[]@!$'()*+ \"<>{}|^`éΩ漢\u0001\t";
        var text = new StringBuilder();
        for (int i = random.Next(max + 1); i > 0; i--)
        {
            text.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return text.ToString();
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
