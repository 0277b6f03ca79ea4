using Zhtp.Storage.Dht.Lookup;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Lookup;

public sealed class LookupQueryTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;
    private readonly Random _random = new(9);

    private List<Contact> Contacts(int count) => Enumerable.Range(0, count).Select(i => TestIds.Contact(TestIds.Random(_random), i)).ToList();

    [Fact]
    public void Next_NoSeeds_FinishesAtOnce()
    {
        var query = new LookupQuery(default, [], 20, 3, 1, TimeSpan.FromSeconds(1));

        Assert.True(query.Next(T0, []));
    }

    [Fact]
    public void Next_ManySeeds_SendsAlphaClosestFirst()
    {
        var target = new DhtKey(Hash256.Random(_random));
        List<Contact> seeds = Contacts(10);
        var query = new LookupQuery(target, seeds, 20, 3, 1, TimeSpan.FromSeconds(1));
        var send = new List<Contact>();

        Assert.False(query.Next(T0, send));
        Assert.Equal(seeds.OrderBy(c => c.Id.Value.Xor(target.Value)).Take(3), send);
        send.Clear();
        query.Next(T0, send);
        Assert.Empty(send);
    }

    [Fact]
    public void Next_SlowPeer_StopsCountingAgainstAlpha()
    {
        var query = new LookupQuery(default, Contacts(5), 20, 1, 1, TimeSpan.FromSeconds(1));
        var send = new List<Contact>();
        query.Next(T0, send);
        send.Clear();

        query.Next(T0.AddSeconds(2), send);

        Assert.Single(send);
    }

    [Fact]
    public void OnSuccess_CloserPeers_AreQueriedUntilKClosestAnswered()
    {
        var target = new DhtKey(Hash256.Random(_random));
        List<Contact> network = Contacts(30);
        List<Contact> ordered = network.OrderBy(c => c.Id.Value.Xor(target.Value)).ToList();
        var query = new LookupQuery(target, [ordered[^1]], 3, 2, 1, TimeSpan.FromSeconds(1));
        var send = new List<Contact>();
        int rounds = 0;
        while (!query.Next(T0, send))
        {
            foreach (Contact peer in send)
            {
                // Every peer knows the 3 closest nodes.
                query.OnSuccess(peer.Id, ordered.Take(3));
            }

            send.Clear();
            rounds++;
            Assert.True(rounds < 10);
        }

        Assert.Equal(ordered.Take(3), query.ClosestSucceeded());
        Assert.Equal(2, query.Rounds);
        Assert.Equal(4, query.Messages);
    }

    [Fact]
    public void OnFailure_FailedPeer_IsSkippedAndNextCandidateQueried()
    {
        var target = new DhtKey(Hash256.Random(_random));
        List<Contact> seeds = Contacts(3).OrderBy(c => c.Id.Value.Xor(target.Value)).ToList();
        var query = new LookupQuery(target, seeds, 2, 1, 1, TimeSpan.FromSeconds(1));
        var send = new List<Contact>();
        query.Next(T0, send);
        query.OnFailure(seeds[0].Id);
        send.Clear();

        query.Next(T0, send);

        Assert.Equal([seeds[1]], send);
        Assert.Equal(1, query.Failures);
    }

    [Fact]
    public void OnValue_FinishesWithValueFound()
    {
        List<Contact> seeds = Contacts(5);
        var query = new LookupQuery(default, seeds, 20, 3, 1, TimeSpan.FromSeconds(1));
        var send = new List<Contact>();
        query.Next(T0, send);

        query.OnValue(send[0].Id);

        Assert.True(query.ValueFound);
        Assert.True(query.Next(T0, []));
        Assert.Equal(1, query.Rounds);
    }

    [Fact]
    public void DisjointPaths_PeersLearnedOnOnePath_AreNotQueriedByAnother()
    {
        var target = new DhtKey(Hash256.Random(_random));
        List<Contact> seeds = Contacts(2);
        List<Contact> learned = Contacts(6);
        var query = new LookupQuery(target, seeds, 20, 3, 2, TimeSpan.FromSeconds(1));
        var send = new List<Contact>();
        query.Next(T0, send);
        Assert.Equal(2, send.Count);

        query.OnSuccess(send[0].Id, learned);
        query.OnSuccess(send[1].Id, learned);
        var byPath = query.Peers.Where(p => learned.Contains(p.Contact)).GroupBy(p => p.Path).ToList();

        Assert.Single(byPath);
        Assert.Equal(6, byPath[0].Count());
    }
}
