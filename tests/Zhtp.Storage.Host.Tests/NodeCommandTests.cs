using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Zhtp.Storage.Host.Tests;

/// <summary>
/// <c>zhtp node</c> as a generic host over the unified storage system, run as real processes on 127.0.0.1: configuration
/// precedence (appsettings.json in the data directory, then ZHTP__ variables, then options), invalid configuration,
/// the data-directory lock and a clean SIGTERM.
/// </summary>
public sealed partial class NodeCommandTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "zhtp-nodecfg-" + Guid.NewGuid().ToString("N"));

    public NodeCommandTests() => Directory.CreateDirectory(_dataDir);

    private readonly List<int> _started = [];

    /// <summary>Kills any node a failed assertion left running, then removes the data directory.</summary>
    public void Dispose()
    {
        foreach (int pid in _started)
        {
            try
            {
                // By id: the test's Process object is usually disposed by now.
                using Process process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Exited already (the normal case).
            }
        }

        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Node_AppSettingsInDataDir_IsRead()
    {
        // The node's own default port is 4000; the file asks for a free one.
        WriteSettings("""{ "Zhtp": { "Port": 0, "Dht": { "K": 12 } } }""");

        (Process node, Match listening) = await StartNodeAsync(new Dictionary<string, string>());
        using (node)
        {
            Assert.NotEqual("4000", listening.Groups["port"].Value);
            Assert.Equal(0, await StopAsync(node));
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Node_EnvironmentVariable_OverridesAppSettings()
    {
        // Invalid in the file, valid in the environment: only the environment's value can let the node start.
        WriteSettings("""{ "Zhtp": { "Port": 70000, "Dht": { "K": 0 } } }""");

        (Process node, _) = await StartNodeAsync(new Dictionary<string, string> { ["ZHTP__PORT"] = "0", ["ZHTP__DHT__K"] = "8" });
        using (node)
        {
            Assert.Equal(0, await StopAsync(node));
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Node_CommandLineOption_OverridesEnvironmentAndAppSettings()
    {
        WriteSettings("""{ "Zhtp": { "Port": 70000 } }""");

        (Process node, _) = await StartNodeAsync(new Dictionary<string, string> { ["ZHTP__PORT"] = "70001" }, "--port", "0");
        using (node)
        {
            Assert.Equal(0, await StopAsync(node));
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Node_InvalidConfiguration_ExitsNonZeroNamingEveryBadKey()
    {
        WriteSettings("""{ "Zhtp": { "SegmentSize": 5, "Dht": { "Alpha": "many" } } }""");
        using Process node = ZhtpProcess.StartWithEnvironment(
            new Dictionary<string, string> { ["ZHTP__DHT__K"] = "0", ["ZHTP__NOSUCHKEY"] = "1" },
            "node", "--data-dir", _dataDir, "--port", "70000", "--host", "not-an-address", "--stats-seconds", "0");
        _started.Add(node.Id);
        using var timeout = new CancellationTokenSource(StartTimeout);
        Task<string> error = node.StandardError.ReadToEndAsync(timeout.Token);
        await node.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, node.ExitCode);
        string text = await error;
        foreach (string key in new[] { "Zhtp:Port:", "Zhtp:BindAddress:", "Zhtp:SegmentSize:", "Zhtp:Dht:K:", "Zhtp:Dht:Alpha:", "Zhtp:NOSUCHKEY: unknown key" })
        {
            Assert.Contains(key, text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.False(File.Exists(Path.Combine(_dataDir, "zhtp.lock")), "an invalid configuration must not open the data directory");
    }

    [Fact(Timeout = 120_000)]
    public async Task Node_SecondNodeOnLockedDataDir_FailsWithOneClearLine()
    {
        (Process first, _) = await StartNodeAsync(new Dictionary<string, string>(), "--port", "0");
        using (first)
        {
            var (code, output, error) = await ZhtpProcess.RunAsync("node", "--data-dir", _dataDir, "--port", "0", "--stats-seconds", "0");

            Assert.Equal(1, code);
            Assert.Equal("", output);
            string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("is in use by another node", line, StringComparison.Ordinal);
            Assert.Contains(_dataDir, line, StringComparison.Ordinal);
            Assert.Equal(0, await StopAsync(first));
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task Node_Sigterm_ExitsZeroUnlocksAndRestartsWithTheSameId()
    {
        (Process first, Match listening) = await StartNodeAsync(new Dictionary<string, string>(), "--port", "0");
        string id = listening.Groups["id"].Value;
        using (first)
        {
            Assert.Equal(0, await StopAsync(first));
            string rest = await first.StandardOutput.ReadToEndAsync();
            Assert.Contains("stopping: contacts", rest, StringComparison.Ordinal);
        }

        (Process second, Match again) = await StartNodeAsync(new Dictionary<string, string>(), "--port", "0");
        using (second)
        {
            Assert.Equal(id, again.Groups["id"].Value);
            Assert.Equal(0, await StopAsync(second));
        }

        Assert.True(File.Exists(Path.Combine(_dataDir, "node-key.p8")));
    }

    [Fact(Timeout = 180_000)]
    public async Task Node_WithApi_ServesHealthAndATokenRoundTripsContent()
    {
        (Process node, _) = await StartNodeAsync(new Dictionary<string, string>(), "--port", "0", "--api", "127.0.0.1:0");
        using (node)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            using var client = new HttpClient { BaseAddress = await ReadServiceUrlAsync(node, ApiListeningOn(), timeout.Token) };
            using (HttpResponseMessage live = await client.GetAsync("/api/v1/health/live", timeout.Token))
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, live.StatusCode);
            }

            // A lone node is live but not ready (no DHT contact): readiness is 503 until it has a peer.
            using (HttpResponseMessage ready = await client.GetAsync("/api/v1/health", timeout.Token))
            {
                Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            }

            using (HttpResponseMessage anonymous = await client.GetAsync("/api/v1/content", timeout.Token))
            {
                Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
            }

            var (exit, output, error) = await ZhtpProcess.RunAsync("token", "create", "--data-dir", _dataDir, "--scope", "read,write");
            Assert.True(exit == 0, error);
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", output.TrimEnd().Split('\n')[^1].Trim());
            byte[] body = new byte[300_000];
            new Random(7).NextBytes(body);
            using HttpResponseMessage created = await client.PostAsync("/api/v1/content", new ByteArrayContent(body), timeout.Token);
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
            Assert.NotNull(created.Headers.Location);
            byte[] back = await client.GetByteArrayAsync(created.Headers.Location, timeout.Token);
            Assert.Equal(body, back);
            Assert.Equal(0, await StopAsync(node));
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task Node_WithS3_AKeyCreatedWhileItRunsPutsAndGetsAnObject()
    {
        (Process node, _) = await StartNodeAsync(new Dictionary<string, string>(), "--port", "0", "--s3", "127.0.0.1:0");
        using (node)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            Uri serviceUrl = await ReadServiceUrlAsync(node, S3ListeningOn(), timeout.Token);
            var (exit, output, error) = await ZhtpProcess.RunAsync("s3", "key", "create", "--data-dir", _dataDir);
            Assert.True(exit == 0, error);
            string[] key = output.TrimEnd().Split('\n')[^1].Trim().Split(' ');
            var config = new Amazon.S3.AmazonS3Config { ServiceURL = serviceUrl.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 };
            using var client = new Amazon.S3.AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials(key[0], key[1]), config);
            await client.PutBucketAsync("photos", timeout.Token);
            byte[] body = new byte[200_000];
            new Random(11).NextBytes(body);
            await client.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = "photos", Key = "a/b.bin", InputStream = new MemoryStream(body) }, timeout.Token);
            using Amazon.S3.Model.GetObjectResponse got = await client.GetObjectAsync("photos", "a/b.bin", timeout.Token);
            using var back = new MemoryStream();
            await got.ResponseStream.CopyToAsync(back, timeout.Token);
            Assert.Equal(body, back.ToArray());
            Assert.Equal(0, await StopAsync(node));
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Node_InvalidApiAndS3Configuration_ExitsNonZeroNamingTheirKeys()
    {
        using Process node = ZhtpProcess.StartWithEnvironment(
            new Dictionary<string, string> { ["ZHTP__API__NOSUCHKEY"] = "1", ["ZHTP__API__MAXPAGESIZE"] = "0", ["ZHTP__S3__NOSUCHKEY"] = "1" },
            "node", "--data-dir", _dataDir, "--port", "0", "--api", "127.0.0.1:0", "--s3", "127.0.0.1:0", "--stats-seconds", "0");
        _started.Add(node.Id);
        using var timeout = new CancellationTokenSource(StartTimeout);
        Task<string> error = node.StandardError.ReadToEndAsync(timeout.Token);
        await node.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, node.ExitCode);
        string text = await error;
        Assert.Contains("Zhtp:Api:NOSUCHKEY: unknown key", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Zhtp:Api:MaxPageSize:", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Zhtp:S3:NOSUCHKEY: unknown key", text, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Reads the node's next standard output line, which must announce a service ("api listening on URL ..."), and returns the URL.</summary>
    private static async Task<Uri> ReadServiceUrlAsync(Process node, Regex announcement, CancellationToken cancellationToken)
    {
        string line = await node.StandardOutput.ReadLineAsync(cancellationToken) ?? "";
        Match match = announcement.Match(line);
        Assert.True(match.Success, line);
        return new Uri(match.Groups["url"].Value);
    }

    private void WriteSettings(string json) => File.WriteAllText(Path.Combine(_dataDir, "appsettings.json"), json);

    /// <summary>Starts a node on the test's data directory and waits for its "listening on" line (failing with its standard error otherwise).</summary>
    private async Task<(Process Node, Match Listening)> StartNodeAsync(IReadOnlyDictionary<string, string> environment, params string[] extra)
    {
        Process node = ZhtpProcess.StartWithEnvironment(environment, ["node", "--data-dir", _dataDir, "--stats-seconds", "0", .. extra]);
        _started.Add(node.Id);
        using var timeout = new CancellationTokenSource(StartTimeout);
        string? line;
        try
        {
            line = await node.StandardOutput.ReadLineAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            throw;
        }

        Match match = ListeningOn().Match(line ?? "");
        if (!match.Success)
        {
            string error = await node.StandardError.ReadToEndAsync(timeout.Token);
            node.Kill(entireProcessTree: true);
            Assert.Fail($"the node did not start: {line}\n{error}");
        }

        return (node, match);
    }

    private static Task<int> StopAsync(Process node) => ZhtpProcess.TerminateAsync(node);

    [GeneratedRegex(@"^s3 listening on (?<url>http://\S+) ")]
    private static partial Regex S3ListeningOn();

    [GeneratedRegex(@"^api listening on (?<url>http://\S+) ")]
    private static partial Regex ApiListeningOn();

    [GeneratedRegex(@"^node (?<id>[0-9a-f]{64}) listening on \S+:(?<port>\d+)")]
    private static partial Regex ListeningOn();
}
