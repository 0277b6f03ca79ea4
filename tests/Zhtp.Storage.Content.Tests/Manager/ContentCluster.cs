using System.Net;
using System.Security.Cryptography;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Content.Tests.Manager;

/// <summary>
/// A loopback cluster of real DHT nodes (UDP datagrams, TCP bulk channel) with in-memory record
/// stores the tests can reach into, and content managers over them.
/// </summary>
internal sealed class ContentCluster : IAsyncDisposable
{
    private static readonly IPEndPoint AnyLoopback = new(IPAddress.Loopback, 0);
    private readonly List<IContentManager> _managers = [];

    private ContentCluster(List<IDhtNode> nodes, List<IRecordStore> stores)
    {
        Nodes = nodes;
        Stores = stores;
    }

    public List<IDhtNode> Nodes { get; }

    public List<IRecordStore> Stores { get; }

    public HashSet<int> Stopped { get; } = [];

    // Real sockets on real time on a loaded 2-core machine: a reply gets 500 ms + 1 s over two attempts.
    public static DhtConfig Config => new() { RequestTimeout = TimeSpan.FromMilliseconds(500), MaxRetries = 1 };

    /// <summary>Starts <paramref name="count"/> nodes; with <paramref name="storeRoot"/>, each keeps its records in SQLite under <c>storeRoot/node-i</c>.</summary>
    public static async Task<ContentCluster> StartAsync(int count, string? storeRoot = null)
    {
        var nodes = new List<IDhtNode>();
        var stores = new List<IRecordStore>();
        for (int i = 0; i < count; i++)
        {
            IRecordStore store = storeRoot is null ? RecordStores.InMemory(1L << 30) : RecordStores.OpenSqlite(Path.Combine(storeRoot, $"node-{i}"), 1L << 30);
            IDhtNode node = await DhtNode.CreateAsync(new DhtNodeOptions
            {
                Config = Config,
                Transport = DatagramTransports.BindUdp(AnyLoopback),
                Signer = NodeSigners.CreateEcdsaP256(),
                Store = store,
                MaintenanceInterval = null,
            });
            if (i > 0)
            {
                await node.JoinAsync([nodes[0].Self.EndPoint]);
            }

            nodes.Add(node);
            stores.Add(store);
        }

        // A second pass so that early joiners learn the later ones.
        foreach (IDhtNode node in nodes)
        {
            await node.JoinAsync([nodes[^1].Self.EndPoint]);
        }

        return new ContentCluster(nodes, stores);
    }

    /// <summary>A manager on node <paramref name="index"/> acting for <paramref name="owner"/> with <paramref name="secret"/>'s key protector.</summary>
    public IContentManager Manager(int index, INodeSigner? owner, byte[]? secret, Func<ContentManagerOptions, ContentManagerOptions>? configure = null)
    {
        var options = new ContentManagerOptions
        {
            SegmentSize = 16 * 1024,
            Owner = owner,
            KeyProtector = secret is null ? null : ContentKeyProtectors.FromSecret(secret),
        };
        IContentManager manager = ContentManagers.Create(Nodes[index], configure?.Invoke(options) ?? options);
        _managers.Add(manager);
        return manager;
    }

    /// <summary>A manager on node <paramref name="index"/> acting as <paramref name="identity"/> (owner of what it writes, reader of what it reads).</summary>
    public IContentManager ManagerFor(int index, ZhtpIdentity identity, Func<ContentManagerOptions, ContentManagerOptions>? configure = null) =>
        Manager(index, null, null, o => (configure ?? (x => x))(o with { Identity = identity }));

    public static byte[] Secret() => RandomNumberGenerator.GetBytes(32);

    public int IndexOf(NodeId id) => Nodes.FindIndex(n => n.Self.Id == id);

    public async Task StopAsync(int index)
    {
        if (Stopped.Add(index))
        {
            await Nodes[index].DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (IContentManager manager in _managers)
        {
            await manager.DisposeAsync();
        }

        for (int i = 0; i < Nodes.Count; i++)
        {
            if (Stopped.Add(i))
            {
                await Nodes[i].DisposeAsync();
            }
        }
    }
}
