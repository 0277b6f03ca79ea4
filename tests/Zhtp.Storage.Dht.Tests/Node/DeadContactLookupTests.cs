using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Node;

/// <summary>Lookups never wait on the dead: adaptive per-contact timeouts, on fake time.</summary>
public sealed class DeadContactLookupTests
{
    // One dead contact's retry chain: 1 s + 2 s + 4 s of virtual time.
    private static readonly DhtConfig Config = new() { RequestTimeout = TimeSpan.FromSeconds(1), MaxRetries = 2, Alpha = 4 };
    private static readonly TimeSpan RetryChain = TimeSpan.FromSeconds(7);
    private static readonly TimeSpan Adaptive = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    [Fact(Timeout = 120_000)]
    public async Task FindNodeAsync_HalfTheFirstRoundDead_FinishesInHalfAnAdaptiveTimeout()
    {
        await using NodeCluster cluster = await NodeCluster.StartAsync(30, Config);

        // Node 0 only ever answered (everyone joined through it), so it has no RTT sample and would
        // wait the full RequestTimeout; a node that joined has measured its peers.
        IDhtNode origin = cluster.Nodes[5];
        var target = new DhtKey(Hash256.Random(new Random(23)));

        // The first round asks the α closest contacts of the origin's table: kill two of those four.
        List<Contact> firstRound = origin.GetContacts().OrderBy(c => c.Id.Value.Xor(target.Value)).Take(Config.Alpha).ToList();
        var dead = new HashSet<NodeId> { firstRound[0].Id, firstRound[2].Id };
        foreach (Contact contact in firstRound.Where(c => dead.Contains(c.Id)))
        {
            cluster.Network.Kill(contact.EndPoint);
        }

        DateTimeOffset start = cluster.Time.GetUtcNow();
        TimeSpan adaptive = ((Dht.Node.KademliaNode)origin).AdaptiveTimeout(firstRound[0].Id);
        IReadOnlyList<Contact> closest = await cluster.RunAsync(() => origin.FindNodeAsync(target));
        TimeSpan elapsed = cluster.Time.GetUtcNow() - start;
        Assert.True(adaptive == Adaptive, $"the adaptive timeout of a never-answered contact is {adaptive.TotalMilliseconds} ms (node-wide srtt × 4, at least 150 ms)");

        // Answers name the dead too (their holders do not know yet), so up to two fewer than k may be found.
        Assert.True(closest.Count >= Config.K - dead.Count, $"{closest.Count} closest after {elapsed.TotalMilliseconds} ms");
        Assert.DoesNotContain(closest, c => dead.Contains(c.Id));
        // The dead are among the α closest of the window: once a quorum answered, each is waited for
        // half its adaptive time (LookupQuery's quorum rule), not the whole, nor a retry chain.
        Assert.True(elapsed >= Adaptive / 2, $"finished after {elapsed.TotalMilliseconds} ms, before half the dead's adaptive time: did it wait for them at all?");
        Assert.True(elapsed <= (Adaptive / 2) + (3 * Step), $"took {elapsed.TotalMilliseconds} ms of virtual time; half an adaptive timeout is {Adaptive.TotalMilliseconds / 2} ms, one retry chain {RetryChain.TotalSeconds} s");
    }

    [Fact(Timeout = 120_000)]
    public async Task FindNodeAsync_HalfTheNetworkDead_NeverWaitsOutARetryChain()
    {
        await using NodeCluster cluster = await NodeCluster.StartAsync(40, Config);
        IDhtNode origin = cluster.Nodes[5];
        var random = new Random(17);
        var dead = cluster.Nodes.Where(n => n != origin && random.Next(2) == 0).Select(n => n.Self.Id).ToHashSet();
        foreach (IDhtNode node in cluster.Nodes.Where(n => dead.Contains(n.Self.Id)))
        {
            cluster.Kill(node);
        }

        var elapsed = new List<TimeSpan>();
        for (int i = 0; i < 5; i++)
        {
            var target = new DhtKey(Hash256.Random(random));
            DateTimeOffset start = cluster.Time.GetUtcNow();
            IReadOnlyList<Contact> closest = await cluster.RunAsync(() => origin.FindNodeAsync(target));
            elapsed.Add(cluster.Time.GetUtcNow() - start);

            Assert.NotEmpty(closest);
            Assert.DoesNotContain(closest, c => dead.Contains(c.Id));
        }

        // Every lookup wades through about 20 dead contacts, α = 4 at a time, 150 ms each: far less
        // than the 7 s one of them used to hold the lookup for.
        Assert.True(dead.Count >= 15, $"only {dead.Count} of 39 contacts dead");
        Assert.All(elapsed, e => Assert.True(e < RetryChain / 4, $"a lookup took {e.TotalMilliseconds} ms of virtual time: {string.Join(", ", elapsed.Select(x => x.TotalMilliseconds))}"));
    }
}
