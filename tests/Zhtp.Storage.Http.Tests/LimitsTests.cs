using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Zhtp.Storage.Http.Tests.Support;

namespace Zhtp.Storage.Http.Tests;

public sealed class LimitsTests
{
    [Fact(Timeout = 120_000)]
    public async Task OversizedBody_Gets413_ShortBody_Gets400AndNothingBecomesVisible()
    {
        await using ApiNode node = await ApiNode.StartAsync(4, o =>
        {
            o.MaxRequestBodySize = 64 * 1024;
            o.MinRequestBodyDataRate = 10_000;
            o.MinRequestBodyGracePeriod = TimeSpan.FromSeconds(2);
        });
        HttpClient grace = node.Client("read,write", "grace");

        // Content-Length over the limit.
        using HttpResponseMessage declared = await grace.PostAsync("/api/v1/content", new ByteArrayContent(new byte[100_000]), ApiNode.Timeout());
        await ProblemAssert.IsProblemAsync(declared, 413);

        // Chunked (no Content-Length) over the limit: cut off while streaming.
        var chunked = new StreamContent(new MemoryStream(new byte[200_000]));
        chunked.Headers.ContentLength = null;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/content") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using HttpResponseMessage streamed = await grace.SendAsync(request, ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);

        // Content-Length 60,000 but only 30,000 bytes, then the client closes its side.
        (_, string token) = node.Tokens.Create(["read", "write"], "grace");
        string head = $"POST /api/v1/content HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\nContent-Type: application/octet-stream\r\nContent-Length: 60000\r\n\r\n";
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, node.Server.Address.Port), ApiNode.Timeout());
        await socket.SendAsync(Encoding.ASCII.GetBytes(head), SocketFlags.None, ApiNode.Timeout());
        await socket.SendAsync(RandomNumberGenerator.GetBytes(30_000), SocketFlags.None, ApiNode.Timeout());
        socket.Shutdown(SocketShutdown.Send);
        string answer = await ReadAllAsync(socket);

        // Kestrel takes the client's FIN for an abort of the whole connection, so no answer can be sent; a server that
        // could answer would say 400. Either way the upload is abandoned.
        Assert.True(answer.Length == 0 || answer.StartsWith("HTTP/1.1 400", StringComparison.Ordinal), answer);

        // Content-Length 60,000, 1,000 bytes sent, then silence with the connection open: cut off at the minimum data rate (408).
        using var slow = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await slow.ConnectAsync(new IPEndPoint(IPAddress.Loopback, node.Server.Address.Port), ApiNode.Timeout());
        await slow.SendAsync(Encoding.ASCII.GetBytes(head), SocketFlags.None, ApiNode.Timeout());
        await slow.SendAsync(RandomNumberGenerator.GetBytes(1_000), SocketFlags.None, ApiNode.Timeout());
        string slowAnswer = await ReadAllAsync(slow);
        Assert.StartsWith("HTTP/1.1 408", slowAnswer, StringComparison.Ordinal);

        using JsonDocument listing = JsonDocument.Parse(await grace.GetStringAsync("/api/v1/content", ApiNode.Timeout()));
        Assert.Empty(listing.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(0, (await node.System.GetStatisticsAsync(ApiNode.Timeout())).Storage.ContentItems);
    }

    [Fact(Timeout = 60_000)]
    public async Task Errors_AreProblemDetails_WithoutStackTraces()
    {
        await using ApiNode node = await ApiNode.StartAsync(2);
        HttpClient admin = node.Client("admin");

        await ProblemAssert.IsProblemAsync(await admin.GetAsync("/api/v1/content/not-an-id", ApiNode.Timeout()), 400);
        JsonElement missing = await ProblemAssert.IsProblemAsync(await admin.GetAsync($"/api/v1/content/{new string('a', 64)}", ApiNode.Timeout()), 404);
        Assert.Contains("not found", missing.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        await ProblemAssert.IsProblemAsync(await admin.GetAsync("/api/v1/no-such-route", ApiNode.Timeout()), 404);
        await ProblemAssert.IsProblemAsync(await admin.PutAsync("/api/v1/health", new StringContent(""), ApiNode.Timeout()), 405);
        await ProblemAssert.IsProblemAsync(await admin.PostAsync("/api/v1/content?access=everyone", new ByteArrayContent([1]), ApiNode.Timeout()), 400);
        await ProblemAssert.IsProblemAsync(await admin.GetAsync("/api/v1/content/" + new string('a', 64) + "?version=zero", ApiNode.Timeout()), 400);
        await ProblemAssert.IsProblemAsync(await admin.GetAsync("/api/v1/content?limit=100000", ApiNode.Timeout()), 400);

        // An Accept header that admits no JSON does not turn an error into a bare 500 (found by the fuzz soak).
        foreach ((string path, HttpClient client, int status) in new[] { ("/api/v1/content?limit=0", admin, 400), ("/api/v1/info", node.Client((AuthenticationHeaderValue?)null), 401), ("/api/v1/stats", node.Client("read"), 403) })
        {
            using var picky = new HttpRequestMessage(HttpMethod.Get, path);
            picky.Headers.TryAddWithoutValidation("Accept", "text/html");
            await ProblemAssert.IsProblemAsync(await client.SendAsync(picky, ApiNode.Timeout()), status);
        }

        using var huge = new HttpRequestMessage(HttpMethod.Get, "/api/v1/info");
        huge.Headers.TryAddWithoutValidation("X-Big", new string('x', 40_000));
        using HttpResponseMessage tooLarge = await admin.SendAsync(huge, ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, tooLarge.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task RateLimit_BurstOverTheLimitGets429WithRetryAfter_WhileAnotherTokenIsServed()
    {
        await using ApiNode node = await ApiNode.StartAsync(1, o =>
        {
            o.TokenPermitsPerWindow = 5;
            o.AnonymousPermitsPerWindow = 3;
            o.RateLimitWindow = TimeSpan.FromMinutes(1);
            o.ReadyWithoutPeers = true;
        });
        HttpClient busy = node.Client("read");
        HttpClient quiet = node.Client("read");

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? rejected = null;
        for (int i = 0; i < 8; i++)
        {
            HttpResponseMessage response = await busy.GetAsync("/api/v1/info", ApiNode.Timeout());
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                rejected ??= response;
            }
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.NotNull(rejected);
        Assert.True(rejected.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {rejected.Headers.RetryAfter}");
        await ProblemAssert.IsProblemAsync(rejected, 429);

        using HttpResponseMessage other = await quiet.GetAsync("/api/v1/info", ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);

        // Anonymous requests are limited per IP address.
        HttpClient anonymous = node.Client((AuthenticationHeaderValue?)null);
        var anonymousStatuses = new List<HttpStatusCode>();
        for (int i = 0; i < 5; i++)
        {
            using HttpResponseMessage response = await anonymous.GetAsync("/api/v1/health", ApiNode.Timeout());
            anonymousStatuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], anonymousStatuses);
    }

    [Fact(Timeout = 60_000)]
    public async Task AnonymousLoopback_IsRefusedForANonLoopbackBind_AndServesLoopbackWhenAllowed()
    {
        await using ApiNode node = await ApiNode.StartAsync(1, o => o.AllowAnonymousLoopback = true);
        HttpClient anonymous = node.Client((AuthenticationHeaderValue?)null);
        using HttpResponseMessage stats = await anonymous.GetAsync("/api/v1/stats", ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        using HttpResponseMessage wrong = await node.Client(new AuthenticationHeaderValue("Bearer", "zhtp_wrong")).GetAsync("/api/v1/stats", ApiNode.Timeout());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode); // a token is always checked

        var error = await Assert.ThrowsAsync<Types.ConfigurationException>(() =>
            ZhtpHttpApi.StartAsync(node.System, new ZhtpApiOptions { Listen = "0.0.0.0:0", AllowAnonymousLoopback = true }, cancellationToken: ApiNode.Timeout()));
        Assert.Contains("AllowAnonymousLoopback", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<Types.ConfigurationException>(() =>
            ZhtpHttpApi.StartAsync(node.System, new ZhtpApiOptions { Listen = "localhost" }, cancellationToken: ApiNode.Timeout()));
    }

    private static async Task<string> ReadAllAsync(Socket socket)
    {
        var buffer = new byte[8192];
        var text = new StringBuilder();
        CancellationToken timeout = ApiNode.Timeout(30);
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout)) > 0)
        {
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return text.ToString();
    }
}
