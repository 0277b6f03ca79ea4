using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Node;

public sealed class InMemoryNodeTests
{
    private static readonly DhtConfig Fast = new() { RequestTimeout = TimeSpan.FromMilliseconds(200), MaxRetries = 1 };

    [Fact(Timeout = 60_000)]
    public async Task StoreAsync_ThenFindValueFromAnotherNode_ReturnsValue()
    {
        var network = new InMemoryNetwork();
        IReadOnlyList<IDhtNode> nodes = await network.StartNodesAsync(30, Fast);
        try
        {
            byte[] value = "hello, kademlia"u8.ToArray();
            StoreResult stored = await nodes[3].StoreAsync(value);
            FindValueResult found = await nodes[17].FindValueAsync(stored.Key);

            Assert.True(stored.StoredOn.Count >= 10, $"stored on {stored.StoredOn.Count}");
            Assert.True(found.Found);
            Assert.Equal(value, found.Record!.Value.ToArray());
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
