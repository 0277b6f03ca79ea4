using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Host.Tests;

/// <summary>
/// Client mode across processes: <c>zhtp dht put/get</c> run as clients, so the <c>zhtp node</c>
/// processes answer them but never learn them, and no lookup is ever handed their dead ports.
/// </summary>
public sealed partial class DhtClientModeTests : IAsyncLifetime
{
    private readonly List<(Process Process, string DataDir)> _nodes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Kills the node processes (xunit v2 calls this; it does not call a test class's IAsyncDisposable, which leaked them).</summary>
    public async Task DisposeAsync()
    {
        foreach ((Process process, string dataDir) in _nodes)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task DhtCommands_RunAsClients_NeverInAnyRoutingTableOrFindNodeAnswer()
    {
        (string bootstrap, NodeId first) = await StartNodeAsync();
        (_, NodeId second) = await StartNodeAsync("--bootstrap", bootstrap);
        (_, NodeId third) = await StartNodeAsync("--bootstrap", bootstrap);
        HashSet<NodeId> nodes = [first, second, third];

        var clients = new List<NodeId>();
        var keys = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            var (code, key, error) = await ZhtpProcess.RunAsync("dht", "put", "--bootstrap", bootstrap, $"client-mode value {i}");
            Assert.True(code == 0, error);
            clients.Add(ClientId(error));
            keys.Add(key.Trim());
        }

        foreach (string key in keys)
        {
            var (code, _, error) = await ZhtpProcess.RunAsync("dht", "get", "--bootstrap", bootstrap, key);
            Assert.True(code == 0, error);
            clients.Add(ClientId(error));
        }

        // A control: a full node that joins and then goes away IS learned and handed out, so the
        // observer below would see a client the same way if the nodes had learned it.
        NodeId departed;
        await using (IDhtNode full = await CreateFullNodeAsync())
        {
            Assert.True(await full.JoinAsync([IPEndPoint.Parse(bootstrap)]) > 0);
            departed = full.Self.Id;
        }

        await using IDhtNode observer = await CreateFullNodeAsync();
        Assert.True(await observer.JoinAsync([IPEndPoint.Parse(bootstrap)]) > 0);
        foreach (NodeId client in clients)
        {
            IReadOnlyList<Contact> answer = await observer.FindNodeAsync(DhtKey.FromNode(client));
            Assert.DoesNotContain(answer, c => c.Id == client);
            Assert.Subset(nodes, answer.Select(c => c.Id).ToHashSet());

            // The lookup targets the client's own id, so a node that had it in its table would have
            // handed it out first, and the observer would have asked it.
            Assert.Null(observer.GetContactStats(client));
        }

        await observer.FindNodeAsync(DhtKey.FromNode(departed));
        Assert.NotNull(observer.GetContactStats(departed));
        Assert.DoesNotContain(observer.GetContacts(), c => clients.Contains(c.Id));
    }

    private static ValueTask<IDhtNode> CreateFullNodeAsync() => new(DhtNode.CreateAsync(new DhtNodeOptions
    {
        Config = new DhtConfig { RequestTimeout = TimeSpan.FromSeconds(1), MaxRetries = 2 },
        Transport = DatagramTransports.BindUdp(new IPEndPoint(IPAddress.Loopback, 0)),
        Signer = NodeSigners.CreateEcdsaP256(),
        MaintenanceInterval = null,
    }));

    private async Task<(string EndPoint, NodeId Id)> StartNodeAsync(params string[] extra)
    {
        string dataDir = Path.Combine(Path.GetTempPath(), "zhtp-client-mode-" + Guid.NewGuid().ToString("N"));
        Process process = ZhtpProcess.Start(["node", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir, "--stats-seconds", "0", .. extra]);
        _nodes.Add((process, dataDir));
        string? line = await process.StandardOutput.ReadLineAsync();
        Match listening = Listening().Match(line ?? string.Empty);
        Assert.True(listening.Success, $"unexpected first line of zhtp node: {line}");
        return (listening.Groups[2].Value, NodeId.Parse(listening.Groups[1].Value));
    }

    private static NodeId ClientId(string error)
    {
        Match client = ClientLine().Match(error);
        Assert.True(client.Success, $"the client did not say who it is: {error}");
        return NodeId.Parse(client.Groups[1].Value);
    }

    [GeneratedRegex(@"^node ([0-9a-f]{64}) listening on (\S+:\d+)")]
    private static partial Regex Listening();

    [GeneratedRegex(@"client ([0-9a-f]{64}) on \S+ \(client mode")]
    private static partial Regex ClientLine();
}
