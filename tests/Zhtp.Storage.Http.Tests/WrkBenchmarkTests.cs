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
        foreach (string access in new[] { "info", "public", "private" })
        {
            // "info": the same pipeline (authentication, rate limiter, JSON) without the content layer, as the ceiling.
            string path = access == "info" ? "/api/v1/info" : "/api/v1/content/" + await ContentApiTests.UploadAsync(admin, RandomNumberGenerator.GetBytes(4096), $"?access={access}");
            var start = new ProcessStartInfo("/usr/bin/wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string arg in new[] { "-t2", "-c32", "-d10s", "--latency", "-H", $"Authorization: Bearer {token}", new Uri(node.Server.Address, path).ToString() })
            {
                start.ArgumentList.Add(arg);
            }

            using Process wrk = Process.Start(start)!;
            string text = await wrk.StandardOutput.ReadToEndAsync();
            await wrk.WaitForExitAsync();
            output.WriteLine($"--- 4 KiB {access} object ---\n{text}");
            Assert.Contains("Requests/sec", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Non-2xx", text, StringComparison.Ordinal);
        }
    }
}
