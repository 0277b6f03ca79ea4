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
