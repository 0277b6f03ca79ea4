using System.Diagnostics;
using System.Security.Cryptography;
using Xunit.Abstractions;
using Zhtp.Storage.Http.Tests.Support;

namespace Zhtp.Storage.Http.Tests;

/// <summary>
/// GET of a 4 KiB object with <c>wrk</c> (Debian) against the in-process API on one node (docs/api.md, "Performance").
/// A measurement, not a check: behind Category=Soak, and it prints what wrk prints.
/// </summary>
public sealed class WrkBenchmarkTests(ITestOutputHelper output)
{
    [Fact(Timeout = 300_000)]
    [Trait("Category", "Soak")]
    public async Task Get4KiB_WithWrk()
    {
        if (!File.Exists("/usr/bin/wrk"))
        {
            output.WriteLine("wrk is not installed (apt-get install wrk): nothing measured.");
            return;
        }

        await using ApiNode node = await ApiNode.StartAsync(1, o => o.ReadyWithoutPeers = true);
        HttpClient admin = node.Client("admin");
        (_, string token) = node.Tokens.Create(["read"], null);
        var rates = new Dictionary<string, double>();
        foreach (string access in new[] { "info", "public", "private" })
        {
            // "info": the same pipeline (authentication, rate limiter, JSON) without the content layer, as the anchor.
            string path = access == "info" ? "/api/v1/info" : "/api/v1/content/" + await ContentApiTests.UploadAsync(admin, RandomNumberGenerator.GetBytes(4096), $"?access={access}");
            string url = new Uri(node.Server.Address, path).ToString();
            await RunWrkAsync(token, url, "3s"); // warm-up: tiered JIT, caches, connections
            string text = await RunWrkAsync(token, url, "10s");
            output.WriteLine($"--- 4 KiB {access} object ---\n{text}");
            Assert.Contains("Requests/sec", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Non-2xx", text, StringComparison.Ordinal);
            string rate = text.Split('\n').Single(l => l.StartsWith("Requests/sec:", StringComparison.Ordinal))["Requests/sec:".Length..].Trim();
            rates[access] = double.Parse(rate, System.Globalization.CultureInfo.InvariantCulture);
        }

        output.WriteLine($"ratio to /api/v1/info in this run: public {rates["public"] / rates["info"]:F2}x, private {rates["private"] / rates["info"]:F2}x");
    }

    private static async Task<string> RunWrkAsync(string token, string url, string duration)
    {
        var start = new ProcessStartInfo("/usr/bin/wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "-t2", "-c32", "-d" + duration, "--latency", "-H", $"Authorization: Bearer {token}", url })
        {
            start.ArgumentList.Add(arg);
        }

        using Process wrk = Process.Start(start)!;
        string text = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        return text;
    }
}
