using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Node;

/// <summary>Restart without bootstrap: the routing table is saved to a file and the restarted node rejoins through it.</summary>
public sealed class RestartFromSnapshotTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("zhtp-restart-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact(Timeout = 120_000)]
    public async Task Restart_NoBootstrap_RejoinsThroughSavedContactsAndFindsEarlierRecords()
    {
        await using NodeCluster cluster = await NodeCluster.StartAsync(20);
        string snapshot = Path.Combine(_dir.FullName, "routing.snapshot");
        using INodeSigner signer = NodeSigners.CreateInsecureForSimulation(new Random(77));
        DhtNodeOptions Options() => new()
        {
            Config = NodeCluster.FastConfig,
            Transport = cluster.Network.CreateTransport(),
            Signer = signer,
            TimeProvider = cluster.Time,
            MaintenanceInterval = null,
            RoutingSnapshotPath = snapshot,
        };

        DhtKey key;
        NodeId id;
        await using (IDhtNode first = await DhtNode.CreateAsync(Options()))
        {
            id = first.Self.Id;
            Assert.True(await cluster.RunAsync(() => first.JoinAsync([cluster.Nodes[0].Self.EndPoint])) > 0);
            key = (await cluster.RunAsync(() => first.StoreAsync("stored before the restart"u8.ToArray()))).Key;
        }

        Assert.True(File.Exists(snapshot), "disposing the node wrote no routing snapshot");

        // The bootstrap node is gone too: only the saved contacts can bring the node back.
        cluster.Kill(cluster.Nodes[0]);
        await using IDhtNode restarted = await DhtNode.CreateAsync(Options());
        int contacts = await cluster.RunAsync(() => restarted.JoinAsync([]));
        FindValueResult found = await cluster.RunAsync(() => restarted.FindValueAsync(key));

        Assert.Equal(id, restarted.Self.Id);
        Assert.True(contacts >= 10, $"rejoined with {contacts} contacts");
        Assert.True(found.Found, "the record stored before the restart was not found");
        Assert.Equal("stored before the restart"u8.ToArray(), found.Record!.Value.ToArray());
    }

    [Fact(Timeout = 60_000)]
    public async Task Join_NoBootstrapNoSnapshot_ReturnsZero()
    {
        await using NodeCluster cluster = await NodeCluster.StartAsync(3);
        await using IDhtNode node = await DhtNode.CreateAsync(new DhtNodeOptions
        {
            Config = NodeCluster.FastConfig,
            Transport = cluster.Network.CreateTransport(),
            Signer = NodeSigners.CreateInsecureForSimulation(new Random(78)),
            TimeProvider = cluster.Time,
            MaintenanceInterval = null,
            RoutingSnapshotPath = Path.Combine(_dir.FullName, "none.snapshot"),
        });

        Assert.Equal(0, await cluster.RunAsync(() => node.JoinAsync([])));
    }
}
