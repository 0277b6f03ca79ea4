using Microsoft.Extensions.Time.Testing;
using Zhtp.Storage.Testing;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Node;

/// <summary>
/// An in-memory network of joined nodes on a fake clock, disposed together. Run every operation
/// that talks to the network through <see cref="RunAsync{T}"/>: virtual time then passes only
/// while the network is idle (see <see cref="NetworkClock"/>), so a loaded machine cannot cause timeouts.
/// </summary>
internal sealed class NodeCluster : IAsyncDisposable
{
    private NodeCluster(NetworkClock clock, IReadOnlyList<IDhtNode> nodes)
    {
        Clock = clock;
        Nodes = nodes;
    }

    public NetworkClock Clock { get; }

    public FakeTimeProvider Time => Clock.Time;

    public InMemoryNetwork Network => Clock.Network;

    public IReadOnlyList<IDhtNode> Nodes { get; }

    public static DhtConfig FastConfig => new() { RequestTimeout = TimeSpan.FromMilliseconds(250), MaxRetries = 1 };

    public static async Task<NodeCluster> StartAsync(int count, DhtConfig? config = null, bool secure = false)
    {
        var clock = NetworkClock.Create();
        IReadOnlyList<IDhtNode> nodes = await clock.RunAsync(() => clock.Network.StartNodesAsync(
            count,
            config ?? FastConfig,
            secure ? null : i => NodeSigners.CreateInsecureForSimulation(new Random(1000 + i))));
        return new NodeCluster(clock, nodes);
    }

    public Task<T> RunAsync<T>(Func<Task<T>> operation) => Clock.RunAsync(operation);

    public Task RunAsync(Func<Task> operation) => Clock.RunAsync(operation);

    public void Kill(IDhtNode node) => Network.Kill(node.Self.EndPoint);

    public async ValueTask DisposeAsync()
    {
        foreach (IDhtNode node in Nodes)
        {
            await node.DisposeAsync();
        }
    }
}
