using System.Diagnostics;
using Xunit.Abstractions;
using Zhtp.Storage.Testing;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Node;

/// <summary>Full node stacks (encode, authenticate, route) at scale on the in-memory network, on a driven fake clock (<see cref="NetworkClock"/>).</summary>
public sealed class InMemoryScaleTests(ITestOutputHelper output)
{
    [Fact(Timeout = 600_000)]
    [Trait("Category", "Soak")]
    public Task FullNodes_2000_JoinStoreFind() => RunAsync(2_000, 200);

    [Fact(Timeout = 120_000)]
    public Task FullNodes_500_JoinStoreFind() => RunAsync(500, 50);

    private async Task RunAsync(int count, int records)
    {
        var clock = Stopwatch.StartNew();
        var config = new DhtConfig { RequestTimeout = TimeSpan.FromSeconds(2), MaxRetries = 1 };
        // Joining hundreds of nodes is long CPU work during which the idle network lets the clock step.
        NetworkClock created = NetworkClock.Create();
        var dht = new NetworkClock(created.Time, created.Network) { Budget = TimeSpan.FromHours(2) };
        IReadOnlyList<IDhtNode> nodes = await dht.RunAsync(() => dht.Network.StartNodesAsync(count, config, i => NodeSigners.CreateInsecureForSimulation(new Random(i))));
        TimeSpan joined = clock.Elapsed;
        try
        {
            var random = new Random(1);
            var keys = new List<DhtKey>();
            for (int r = 0; r < records; r++)
            {
                IDhtNode publisher = nodes[random.Next(count)];
                keys.Add((await dht.RunAsync(() => publisher.StoreAsync(BitConverter.GetBytes(r)))).Key);
            }

            var rounds = new List<int>();
            foreach (DhtKey key in keys)
            {
                IDhtNode finder = nodes[random.Next(count)];
                FindValueResult found = await dht.RunAsync(() => finder.FindValueAsync(key));
                Assert.True(found.Found);
                rounds.Add(found.Rounds);
            }

            double meanContacts = nodes.Average(n => n.GetStats().Contacts);
            output.WriteLine($"{count} nodes: joined in {joined.TotalSeconds:F1} s ({dht.Time.GetUtcNow() - NetworkClock.Epoch} virtual), total {clock.Elapsed.TotalSeconds:F1} s, mean contacts {meanContacts:F1}, median rounds {rounds.Order().ElementAt(rounds.Count / 2)}, memory {GC.GetTotalMemory(true) / (1024 * 1024)} MiB");
            Assert.True(nodes.All(n => n.GetStats().Contacts > 0));
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
