using Zhtp.Storage.Dht.Lookup;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Lookup;

/// <summary>Adaptive per-peer timeouts in the pure lookup: slow peers free α slots, never hold termination, and still count if they answer late.</summary>
public sealed class LookupQuerySlowPeerTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;
    private static readonly TimeSpan Fallback = TimeSpan.FromSeconds(1);
    private readonly Random _random = new(11);

    private List<Contact> Contacts(int count) => Enumerable.Range(0, count).Select(i => TestIds.Contact(TestIds.Random(_random), i)).ToList();

    [Fact]
    public void Next_PerPeerSlowAfter_FreesTheSlotAtThatPeersTime()
    {
        var target = new DhtKey(Hash256.Random(_random));
        List<Contact> seeds = Contacts(4).OrderBy(c => c.Id.Value.Xor(target.Value)).ToList();
        var slowAfter = new Dictionary<NodeId, TimeSpan> { [seeds[0].Id] = TimeSpan.FromMilliseconds(200) };
        var query = new LookupQuery(target, seeds, 20, 1, 1, Fallback, slowAfterOf: id => slowAfter.GetValueOrDefault(id, Fallback));
        var send = new List<Contact>();

        query.Next(T0, send);
        Assert.Equal([seeds[0]], send);
        Assert.Equal(T0.AddMilliseconds(200), query.NextSlowAt(T0));

        send.Clear();
        query.Next(T0.AddMilliseconds(199), send);
        Assert.Empty(send);

        query.Next(T0.AddMilliseconds(200), send);
        Assert.Equal([seeds[1]], send);
        Assert.Equal(T0.AddMilliseconds(1200), query.NextSlowAt(T0.AddMilliseconds(200)));
    }

    [Fact]
    public void Next_EveryPeerSlowAndNoneAnswered_WaitsForThemToAnswerOrFail()
    {
        List<Contact> seeds = Contacts(2);
        var query = new LookupQuery(default, seeds, 2, 2, 1, TimeSpan.FromMilliseconds(150));
        var send = new List<Contact>();
        query.Next(T0, send);
        Assert.Equal(2, send.Count);

        Assert.False(query.Next(T0.AddMilliseconds(150), []));
        Assert.Null(query.NextSlowAt(T0.AddMilliseconds(150)));
        query.OnFailure(send[0].Id);
        Assert.False(query.Next(T0.AddSeconds(3), []));
        query.OnFailure(send[1].Id);
        Assert.True(query.Next(T0.AddSeconds(3), []));
        Assert.Empty(query.ClosestSucceeded());
    }

    [Fact]
    public void Next_OneAnsweredOthersSlow_FinishesWithoutWaitingForThem()
    {
        var target = new DhtKey(Hash256.Random(_random));
        List<Contact> seeds = Contacts(3).OrderBy(c => c.Id.Value.Xor(target.Value)).ToList();
        var query = new LookupQuery(target, seeds, 3, 3, 1, TimeSpan.FromMilliseconds(150));
        query.Next(T0, []);
        query.OnSuccess(seeds[2].Id, []);

        Assert.False(query.Next(T0.AddMilliseconds(149), []));
        Assert.True(query.Next(T0.AddMilliseconds(150), []));
        Assert.Equal([seeds[2]], query.ClosestSucceeded());
    }

    [Fact]
    public void Next_BelowQuorumWithAdaptiveSlowPeers_WaitsUpToTheRequestTimeoutAndUsesLateAnswers()
    {
        var target = new DhtKey(Hash256.Random(_random));
        List<Contact> seeds = Contacts(5).OrderBy(c => c.Id.Value.Xor(target.Value)).ToList();
        var query = new LookupQuery(target, seeds, 20, 5, 1, Fallback, slowAfterOf: _ => TimeSpan.FromMilliseconds(150));
        query.Next(T0, []);
        query.OnSuccess(seeds[4].Id, []);

        // One of five answered (quorum is 10): the slow four still hold the path until 1 s.
        Assert.False(query.Next(T0.AddMilliseconds(150), []));
        Assert.Equal(T0.AddSeconds(1), query.NextSlowAt(T0.AddMilliseconds(150)));
        query.OnSuccess(seeds[0].Id, []);
        query.OnSuccess(seeds[1].Id, []);
        Assert.False(query.Next(T0.AddMilliseconds(500), []));

        Assert.True(query.Next(T0.AddSeconds(1), []));
        Assert.Equal([seeds[0], seeds[1], seeds[4]], query.ClosestSucceeded());
    }

    [Fact]
    public void Next_QuorumAnsweredAdaptiveSlowPeer_IsNotWaitedForBeyondItsSlowTime()
    {
        var target = new DhtKey(Hash256.Random(_random));
        List<Contact> seeds = Contacts(4).OrderBy(c => c.Id.Value.Xor(target.Value)).ToList();
        var query = new LookupQuery(target, seeds, 4, 4, 1, Fallback, slowAfterOf: _ => TimeSpan.FromMilliseconds(150));
        query.Next(T0, []);
        query.OnSuccess(seeds[1].Id, []);
        query.OnSuccess(seeds[2].Id, []);
        query.OnSuccess(seeds[3].Id, []);

        Assert.True(query.Next(T0.AddMilliseconds(150), []));
        Assert.Equal([seeds[1], seeds[2], seeds[3]], query.ClosestSucceeded());
    }

    [Fact]
    public void Next_HalfTheSeedsSlow_AsksFurtherAndFinishesWhenTheLiveHaveAnswered()
    {
        var target = new DhtKey(Hash256.Random(_random));
        List<Contact> seeds = Contacts(6).OrderBy(c => c.Id.Value.Xor(target.Value)).ToList();
        var query = new LookupQuery(target, seeds, 3, 3, 1, TimeSpan.FromMilliseconds(150));
        var first = new List<Contact>();
        query.Next(T0, first);
        Assert.Equal(seeds.Take(3), first);

        // seeds[0] answers; seeds[1] and seeds[2] never do. While they are within their time they
        // are among the k closest, so nothing else is asked yet.
        query.OnSuccess(seeds[0].Id, []);
        var second = new List<Contact>();
        Assert.False(query.Next(T0.AddMilliseconds(10), second));
        Assert.Empty(second);

        // At their slow time they stop holding the lookup: the next closest are asked at once.
        var third = new List<Contact>();
        Assert.False(query.Next(T0.AddMilliseconds(150), third));
        Assert.Equal(seeds.Skip(3).Take(2), third);
        query.OnSuccess(seeds[3].Id, []);
        query.OnSuccess(seeds[4].Id, []);

        Assert.True(query.Next(T0.AddMilliseconds(160), []));
        Assert.Equal([seeds[0], seeds[3], seeds[4]], query.ClosestSucceeded());
    }

    [Fact]
    public void OnSuccess_LateAnswerFromSlowPeer_IsUsed()
    {
        var target = new DhtKey(Hash256.Random(_random));
        List<Contact> seeds = Contacts(2).OrderBy(c => c.Id.Value.Xor(target.Value)).ToList();
        var query = new LookupQuery(target, seeds, 20, 1, 1, TimeSpan.FromMilliseconds(150));
        var send = new List<Contact>();
        query.Next(T0, send);
        Assert.Equal([seeds[0]], send);
        send.Clear();
        query.Next(T0.AddMilliseconds(150), send);
        Assert.Equal([seeds[1]], send);

        // seeds[0] went slow but answers while the lookup still runs: its answer counts.
        Contact learned = TestIds.Contact(TestIds.Random(_random), 99);
        query.OnSuccess(seeds[0].Id, [learned]);
        query.OnSuccess(seeds[1].Id, []);
        send.Clear();
        Assert.False(query.Next(T0.AddMilliseconds(200), send));
        Assert.Equal([learned], send);
        Assert.Contains(seeds[0], query.ClosestSucceeded());
    }

    [Fact]
    public void NextSlowAt_NothingOutstanding_IsNull()
    {
        var query = new LookupQuery(default, Contacts(3), 20, 3, 1, Fallback);
        Assert.Null(query.NextSlowAt(T0));
        var send = new List<Contact>();
        query.Next(T0, send);
        foreach (Contact c in send)
        {
            query.OnSuccess(c.Id, []);
        }

        Assert.Null(query.NextSlowAt(T0));
    }
}
