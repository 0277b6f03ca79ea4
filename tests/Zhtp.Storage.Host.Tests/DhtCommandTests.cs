using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Zhtp.Storage.Host.Tests;

/// <summary><c>zhtp node</c> with <c>zhtp dht put|get</c>, run as real processes on 127.0.0.1.</summary>
public sealed partial class DhtCommandTests
{
    [Fact(Timeout = 120_000)]
    public async Task DhtPutThenGet_ThroughRunningNode_ReturnsValueAndMissingKeyExits2()
    {
        string dataDir = Path.Combine(Path.GetTempPath(), "zhtp-node-" + Guid.NewGuid().ToString("N"));
        using Process node = ZhtpProcess.Start("node", "--port", "0", "--data-dir", dataDir, "--stats-seconds", "0");
        try
        {
            string? line = await node.StandardOutput.ReadLineAsync();
            Match endpoint = ListeningOn().Match(line ?? "");
            Assert.True(endpoint.Success, $"unexpected first line: {line}");
            string bootstrap = endpoint.Groups[1].Value;

            var (putCode, key, putError) = await ZhtpProcess.RunAsync("dht", "put", "--bootstrap", bootstrap, "hello dht");
            var (getCode, value, getError) = await ZhtpProcess.RunAsync("dht", "get", "--bootstrap", bootstrap, key.Trim());
            var (missingCode, _, missingError) = await ZhtpProcess.RunAsync("dht", "get", "--bootstrap", bootstrap, new string('0', 63) + "1");

            Assert.True(putCode == 0, putError);
            Assert.Matches("^[0-9a-f]{64}$", key.Trim());
            Assert.True(getCode == 0, getError);
            Assert.Equal("hello dht", value);
            Assert.Equal(2, missingCode);
            Assert.Contains("not found", missingError, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(dataDir, "node-key.p8")));
        }
        finally
        {
            node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Node_SignerMLDsa65_KeepsItsKeyFileAndJoinsAnotherMLDsaNode()
    {
        string first = Path.Combine(Path.GetTempPath(), "zhtp-node-mldsa-" + Guid.NewGuid().ToString("N"));
        string second = first + "-2";
        using Process bootstrapNode = ZhtpProcess.Start("node", "--port", "0", "--data-dir", first, "--stats-seconds", "0", "--signer", "mldsa65");
        Process? joining = null;
        try
        {
            Match endpoint = ListeningOn().Match(await bootstrapNode.StandardOutput.ReadLineAsync() ?? "");
            Assert.True(endpoint.Success);
            joining = ZhtpProcess.Start("node", "--port", "0", "--data-dir", second, "--stats-seconds", "0", "--signer", "mldsa65", "--bootstrap", endpoint.Groups[1].Value);
            await joining.StandardOutput.ReadLineAsync();
            string? joined = await joining.StandardOutput.ReadLineAsync();

            Assert.Matches(@"^joined through .*: [1-9]\d* contacts$", joined ?? "");
            Assert.Equal(32, new FileInfo(Path.Combine(first, "node-key.mldsa65")).Length);
            Assert.False(File.Exists(Path.Combine(first, "node-key.p8")));
        }
        finally
        {
            foreach (Process process in new[] { bootstrapNode, joining }.OfType<Process>())
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            joining?.Dispose();
            Directory.Delete(first, recursive: true);
            if (Directory.Exists(second))
            {
                Directory.Delete(second, recursive: true);
            }
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task DhtPutThenGet_NodeOnIPv6DualStack_WorksOverIPv6AndIPv4Loopback()
    {
        string dataDir = Path.Combine(Path.GetTempPath(), "zhtp-node6-" + Guid.NewGuid().ToString("N"));
        using Process node = ZhtpProcess.Start("node", "--host", "::", "--port", "0", "--data-dir", dataDir, "--stats-seconds", "0");
        try
        {
            string? line = await node.StandardOutput.ReadLineAsync();
            Match endpoint = ListeningOn().Match(line ?? "");
            Assert.True(endpoint.Success, $"unexpected first line: {line}");
            string port = endpoint.Groups[1].Value[(endpoint.Groups[1].Value.LastIndexOf(':') + 1)..];

            var (putCode, key, putError) = await ZhtpProcess.RunAsync("dht", "put", "--bootstrap", $"[::1]:{port}", "over IPv6");
            var (getCode, value, getError) = await ZhtpProcess.RunAsync("dht", "get", "--bootstrap", $"127.0.0.1:{port}", key.Trim());

            Assert.True(putCode == 0, putError);
            Assert.Contains("on [::1]:", putError, StringComparison.Ordinal);
            Assert.True(getCode == 0, getError);
            Assert.Equal("over IPv6", value);
        }
        finally
        {
            node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task Node_RestartedWithoutBootstrap_RejoinsThroughSnapshotAndServesEarlierRecords()
    {
        string root = Path.Combine(Path.GetTempPath(), "zhtp-restart-" + Guid.NewGuid().ToString("N"));
        var nodes = new List<Process>();
        try
        {
            async Task<string> StartAsync(string name, params string[] extra)
            {
                Process process = ZhtpProcess.Start(["node", "--port", "0", "--data-dir", Path.Combine(root, name), "--stats-seconds", "0", .. extra]);
                nodes.Add(process);
                string? line = await process.StandardOutput.ReadLineAsync();
                Match endpoint = ListeningOn().Match(line ?? "");
                Assert.True(endpoint.Success, $"unexpected first line of {name}: {line}");
                if (extra.Length > 0 || File.Exists(Path.Combine(root, name, "routing.snapshot")))
                {
                    string? joined = await process.StandardOutput.ReadLineAsync();
                    Assert.True(joined?.StartsWith("joined through", StringComparison.Ordinal) == true, $"{name} did not join: {joined}");
                }

                return endpoint.Groups[1].Value;
            }

            string a = await StartAsync("a");
            string b = await StartAsync("b", "--bootstrap", a);
            await StartAsync("c", "--bootstrap", a);
            var (putCode, key, putError) = await ZhtpProcess.RunAsync("dht", "put", "--bootstrap", b, "kept through a restart");
            Assert.True(putCode == 0, putError);

            // Stop c gracefully (SIGTERM: it saves its routing table), and the bootstrap node a for good.
            await StopAsync(nodes[2]);
            nodes[0].Kill(entireProcessTree: true);
            await nodes[0].WaitForExitAsync();
            Assert.True(File.Exists(Path.Combine(root, "c", "routing.snapshot")), "c saved no routing snapshot on SIGTERM");

            string restarted = await StartAsync("c");
            var (getCode, value, getError) = await ZhtpProcess.RunAsync("dht", "get", "--bootstrap", restarted, key.Trim());

            Assert.True(getCode == 0, getError);
            Assert.Equal("kept through a restart", value);
        }
        finally
        {
            foreach (Process process in nodes.Where(p => !p.HasExited))
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task StopAsync(Process node) => await ZhtpProcess.TerminateAsync(node);

    [Fact(Timeout = 60_000)]
    public async Task DhtGet_NoNodeAtBootstrap_ExitsNonZeroWithMessage()
    {
        var (code, _, error) = await ZhtpProcess.RunAsync("dht", "get", "--bootstrap", "127.0.0.1:9", new string('a', 64));

        Assert.Equal(1, code);
        Assert.Contains("no bootstrap node answered", error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task DhtGet_BadKey_Exits2()
    {
        var (code, _, error) = await ZhtpProcess.RunAsync("dht", "get", "--bootstrap", "127.0.0.1:9", "not-a-key");

        Assert.Equal(2, code);
        Assert.Contains("is not a key", error, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"listening on (\S+:\d+)")]
    private static partial Regex ListeningOn();
}
