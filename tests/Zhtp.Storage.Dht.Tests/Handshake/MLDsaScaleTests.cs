using Zhtp.Storage.Dht.Node;
using Zhtp.Storage.Dht.Tests.Node;
using Zhtp.Storage.Dht.Wire;
using Zhtp.Storage.Testing;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Handshake;

/// <summary>A few dozen ML-DSA-65 nodes on the in-memory network: every contact made through a hybrid handshake.</summary>
public sealed class MLDsaScaleTests
{
    private const int Nodes = 30;

    [Fact(Timeout = 300_000)]
    public async Task ThirtyNodes_LookupsFindTheTrueClosestAndStoredValues()
    {
        NetworkClock clock = NetworkClock.Create();
        IReadOnlyList<IDhtNode> nodes = await clock.RunAsync(() => clock.Network.StartNodesAsync(Nodes, NodeCluster.FastConfig, _ => NodeSigners.CreateMLDsa65()));
        try
        {
            var random = new Random(30);
            for (int i = 0; i < 5; i++)
            {
                IDhtNode from = nodes[random.Next(Nodes)];
                var target = new DhtKey(Hash256.Random(random));
                IReadOnlyList<Contact> found = await clock.RunAsync(() => from.FindNodeAsync(target));
                NodeId[] truth = nodes.Select(n => n.Self.Id).Where(id => id != from.Self.Id)
                    .OrderBy(id => id.DistanceTo(target)).Take(5).ToArray();
                Assert.Equal(truth, found.Take(5).Select(c => c.Id).ToArray());
            }

            StoreResult stored = await clock.RunAsync(() => nodes[3].StoreAsync("held by ML-DSA nodes"u8.ToArray()));
            FindValueResult value = await clock.RunAsync(() => nodes[Nodes - 1].FindValueAsync(stored.Key));

            Assert.True(stored.StoredOn.Count >= 10, $"stored on {stored.StoredOn.Count} nodes");
            Assert.Equal("held by ML-DSA nodes"u8.ToArray(), value.Record?.Value.ToArray());
            long handshakes = nodes.Sum(n => ((KademliaNode)n).Counters.Handshakes().Completed);
            Assert.True(handshakes >= Nodes, $"only {handshakes} handshakes for {Nodes} nodes");
            Assert.All(nodes, n => Assert.Equal(0, ((KademliaNode)n).Counters.Drops(DropReason.BadSignature) + ((KademliaNode)n).Counters.Drops(DropReason.UnknownSession)));
        }
        finally
        {
            foreach (IDhtNode node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }
}
