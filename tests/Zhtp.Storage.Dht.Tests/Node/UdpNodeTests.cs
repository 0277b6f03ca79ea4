using System.Net;
using Xunit.Abstractions;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Node;

public sealed class UdpNodeTests(ITestOutputHelper output) : IDisposable
{
    private static readonly IPEndPoint AnyLoopback = new(IPAddress.Loopback, 0);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "zhtp-dht-udp-" + Guid.NewGuid().ToString("N"));

    // Real sockets on real time: these tests assert outcomes (stores acknowledged, values found), never
    // zero timeouts, and give a reply 1 + 2 + 4 s over three attempts so that a loaded 2-core machine
    // (other builds, parallel test classes) does not turn a slow answer into a lost holder.
    private static DhtConfig Config => new() { RequestTimeout = TimeSpan.FromSeconds(1), MaxRetries = 2 };

    private static Task<IDhtNode> StartAsync(INodeSigner? signer = null, IRecordStore? store = null) =>
        DhtNode.CreateAsync(new DhtNodeOptions
        {
            Config = Config,
            Transport = DatagramTransports.BindUdp(AnyLoopback),
            Signer = signer ?? NodeSigners.CreateEcdsaP256(),
            Store = store,
            MaintenanceInterval = null,
        });

    [Fact(Timeout = 120_000)]
    public async Task Restart_NodeWithDataDirectory_KeepsIdAndServesItsRecords()
    {
        IDhtNode holder = await StartAsync(NodeSigners.LoadOrCreateEcdsaP256(_directory), RecordStores.OpenSqlite(Path.Combine(_directory, "records"), 1 << 20));
        NodeId id = holder.Self.Id;
        IDhtNode publisher = await StartAsync();
        await publisher.JoinAsync([holder.Self.EndPoint]);
        StoreResult stored = await publisher.StoreAsync("kept across restarts"u8.ToArray());
        Assert.Contains(stored.StoredOn, c => c.Id == id);
        await publisher.DisposeAsync();
        await holder.DisposeAsync();

        await using IDhtNode restarted = await StartAsync(NodeSigners.LoadOrCreateEcdsaP256(_directory), RecordStores.OpenSqlite(Path.Combine(_directory, "records"), 1 << 20));
        await using IDhtNode client = await StartAsync();
        await client.JoinAsync([restarted.Self.EndPoint]);
        FindValueResult found = await client.FindValueAsync(stored.Key);

        Assert.Equal(id, restarted.Self.Id);
        Assert.True(found.Found);
        Assert.Equal("kept across restarts"u8.ToArray(), found.Record!.Value.ToArray());
    }

    [Fact(Timeout = 120_000)]
    public async Task StoreAsync_256KiBShards_ConcurrentBulkTransfersOverTcp()
    {
        var nodes = new List<IDhtNode>();
        try
        {
            for (int i = 0; i < 8; i++)
            {
                IDhtNode node = await StartAsync();
                if (i > 0)
                {
                    await node.JoinAsync([nodes[0].Self.EndPoint]);
                }

                nodes.Add(node);
            }

            var random = new Random(6);
            byte[][] shards = Enumerable.Range(0, 4).Select(_ =>
            {
                byte[] shard = new byte[256 * 1024];
                random.NextBytes(shard);
                return shard;
            }).ToArray();
            StoreResult[] stored = await Task.WhenAll(shards.Select((s, i) => nodes[i].StoreAsync(s)));
            FindValueResult[] found = await Task.WhenAll(stored.Select((s, i) => nodes[7 - i].FindValueAsync(s.Key)));

            for (int i = 0; i < shards.Length; i++)
            {
                // All 8 on a quiet machine; on a loaded one a node may answer the store's lookup after
                // its adaptive timeout (4 x srtt, at least 150 ms) and be left out, as a slow node
                // is in a real network (re-replication places the record on it later).
                Assert.InRange(stored[i].StoredOn.Count, 6, 8);
                Assert.True(found[i].Found);
                Assert.Equal(shards[i], found[i].Record!.Value.ToArray());
            }
        }
        finally
        {
            foreach (IDhtNode node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact(Timeout = 300_000)]
    public Task FiftyNodes_StoreFindKill_RecordsStillFound() => RunNetworkAsync(nodes: 50, records: 100, kill: 10, seed: 1);

    [Fact(Timeout = 600_000)]
    [Trait("Category", "Soak")]
    public Task FiftyNodes_Store1000Records_StillFoundAfterKills() => RunNetworkAsync(nodes: 50, records: 1000, kill: 10, seed: 2);

    private async Task RunNetworkAsync(int nodes, int records, int kill, int seed)
    {
        var random = new Random(seed);
        var network = new List<IDhtNode>();
        try
        {
            for (int i = 0; i < nodes; i++)
            {
                IDhtNode node = await StartAsync();
                if (i > 0)
                {
                    Assert.True(await node.JoinAsync([network[random.Next(i)].Self.EndPoint]) > 0);
                }

                network.Add(node);
            }

            var keys = new List<(DhtKey Key, byte[] Value)>();
            for (int r = 0; r < records; r++)
            {
                byte[] value = new byte[random.Next(1, 800)];
                random.NextBytes(value);
                StoreResult stored = await network[random.Next(nodes)].StoreAsync(value);
                Assert.True(stored.StoredOn.Count >= 10, $"record {r} stored on {stored.StoredOn.Count} nodes");
                keys.Add((stored.Key, value));
            }

            await FindAllAsync(network, keys, random);
            List<IDhtNode> victims = network.OrderBy(_ => random.Next()).Take(kill).ToList();
            foreach (IDhtNode victim in victims)
            {
                await victim.DisposeAsync();
                network.Remove(victim);
            }

            await FindAllAsync(network, keys, random);
            DhtStats stats = network[0].GetStats();
            output.WriteLine($"contacts={stats.Contacts} sent={stats.MessagesSent} received={stats.MessagesReceived} p50={stats.LatencyP50.TotalMilliseconds}ms p99={stats.LatencyP99.TotalMilliseconds}ms");
        }
        finally
        {
            foreach (IDhtNode node in network)
            {
                await node.DisposeAsync();
            }
        }
    }

    private static async Task FindAllAsync(List<IDhtNode> network, List<(DhtKey Key, byte[] Value)> keys, Random random)
    {
        foreach ((DhtKey key, byte[] value) in keys)
        {
            FindValueResult found = await network[random.Next(network.Count)].FindValueAsync(key);
            Assert.True(found.Found, $"record {key} not found");
            Assert.Equal(value, found.Record!.Value.ToArray());
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
