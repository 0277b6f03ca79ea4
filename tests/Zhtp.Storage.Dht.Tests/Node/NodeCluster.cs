using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Node;

/// <summary>An in-memory network of joined nodes, disposed together.</summary>
internal sealed class NodeCluster : IAsyncDisposable
{
    private NodeCluster(InMemoryNetwork network, IReadOnlyList<IDhtNode> nodes)
    {
        Network = network;
        Nodes = nodes;
    }

    public InMemoryNetwork Network { get; }

    public IReadOnlyList<IDhtNode> Nodes { get; }

    public static DhtConfig FastConfig => new() { RequestTimeout = TimeSpan.FromMilliseconds(250), MaxRetries = 1 };

    public static async Task<NodeCluster> StartAsync(int count, DhtConfig? config = null, TimeProvider? time = null, bool secure = false)
    {
        var network = new InMemoryNetwork(new InMemoryNetworkOptions { TimeProvider = time ?? TimeProvider.System });
        IReadOnlyList<IDhtNode> nodes = await network.StartNodesAsync(
            count,
            config ?? FastConfig,
            secure ? null : i => NodeSigners.CreateInsecureForSimulation(new Random(1000 + i)));
        return new NodeCluster(network, nodes);
    }

    public void Kill(IDhtNode node) => Network.Kill(node.Self.EndPoint);

    public async ValueTask DisposeAsync()
    {
        foreach (IDhtNode node in Nodes)
        {
            await node.DisposeAsync();
        }
    }
}
