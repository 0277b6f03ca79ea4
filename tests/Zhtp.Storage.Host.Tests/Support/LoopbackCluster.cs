using System.Net;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Host.Tests;

/// <summary>
/// Six in-process DHT nodes on 127.0.0.1 (ephemeral UDP ports), joined to each other, for the content command
/// tests: the <c>zhtp</c> client processes bootstrap to <see cref="Bootstrap"/>. Disposed (every node stopped) by xunit.
/// </summary>
public sealed class LoopbackCluster : IAsyncLifetime
{
    private readonly List<IDhtNode> _nodes = [];

    /// <summary>HOST:PORT of the first node.</summary>
    public string Bootstrap => _nodes[0].Self.EndPoint.ToString();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        for (int i = 0; i < 6; i++)
        {
            IDhtNode node = await DhtNode.CreateAsync(new DhtNodeOptions
            {
                Config = new DhtConfig(),
                Transport = DatagramTransports.BindUdp(new IPEndPoint(IPAddress.Loopback, 0)),
                Signer = NodeSigners.CreateEcdsaP256(),
                MaintenanceInterval = null,
            });
            _nodes.Add(node);
            if (i > 0)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                Assert.True(await node.JoinAsync([_nodes[0].Self.EndPoint], timeout.Token) > 0, "a cluster node could not join the first");
            }
        }

        // Every node learns every other (the later joiners are unknown to the earlier ones otherwise).
        foreach (IDhtNode node in _nodes)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await node.JoinAsync([.. _nodes.Where(n => n != node).Select(n => n.Self.EndPoint)], timeout.Token);
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (IDhtNode node in _nodes)
        {
            await node.DisposeAsync();
        }
    }
}
