using Zhtp.Storage.Dht.Lookup;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Lookup;

/// <summary>The final round (α widened to k once the lookup converged) and quorum termination, on fake time.</summary>
public sealed class LookupQueryQuorumTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;
    private static readonly TimeSpan SlowAfter = TimeSpan.FromMilliseconds(400);
    private readonly Random _random = new(5);

    private (DhtKey Target, List<Contact> Ordered) Network(int count) => TestIds.OrderedNetwork(_random, count);

    private static List<Contact> Sent(LookupQuery query, DateTimeOffset now)
    {
        var send = new List<Contact>();
        query.Next(now, send);
        return send;
    }

    [Fact]
    public void Next_AlphaClosestAnswered_AsksTheRestOfTheWindowAtOnce()
    {
        (DhtKey target, List<Contact> ordered) = Network(12);
        var query = new LookupQuery(target, ordered.Skip(2), 10, 3, 1, SlowAfter);
        var send = new List<Contact>();
        query.Next(T0, send);
        Assert.Equal(ordered.Skip(2).Take(3), send);

        // Each answer names a closer peer (progress), and those two are asked next, α at a time.
        query.OnSuccess(ordered[2].Id, [ordered[0]]);
        query.OnSuccess(ordered[3].Id, [ordered[1]]);
        Assert.Equal(ordered.Take(2), Sent(query, T0.AddMilliseconds(10)));
        query.OnSuccess(ordered[0].Id, []);
        query.OnSuccess(ordered[1].Id, []);

        // The three closest have answered (ordered[4] is still out): the other five of the window go
        // out together, where α = 3 would allow two.
        Assert.Equal(ordered.Skip(5).Take(5), Sent(query, T0.AddMilliseconds(20)));
    }

    [Fact]
    public void Next_AlphaAnswersWithoutProgress_AsksTheRestOfTheWindowAtOnce()
    {
        (DhtKey target, List<Contact> ordered) = Network(12);
        var query = new LookupQuery(target, ordered.Take(10), 10, 3, 1, SlowAfter);
        var send = new List<Contact>();
        query.Next(T0, send);

        // The closest stays silent; the second and third answer with nothing closer, then the fourth (asked next) too.
        query.OnSuccess(ordered[1].Id, [ordered[11]]);
        Assert.Equal([ordered[3]], Sent(query, T0.AddMilliseconds(10)));
        query.OnSuccess(ordered[2].Id, []);
        Assert.Equal([ordered[4]], Sent(query, T0.AddMilliseconds(20)));
        query.OnSuccess(ordered[3].Id, []);

        Assert.Equal(ordered.Skip(5).Take(5), Sent(query, T0.AddMilliseconds(30)));
    }

    [Fact]
    public void Next_QuorumAnsweredTailDead_FinishesAfterAThirdOfTheirSlowAfter()
    {
        (DhtKey target, List<Contact> ordered) = Network(10);
        var query = new LookupQuery(target, ordered, 10, 3, 1, SlowAfter);
        var send = new List<Contact>();
        query.Next(T0, send);
        foreach (Contact peer in send)
        {
            query.OnSuccess(peer.Id, []);
        }

        send.Clear();
        query.Next(T0.AddMilliseconds(50), send);
        Assert.Equal(7, send.Count);

        // Of the seven, ordered[3] and [4] answer; [5..9] are dead. 5 of 10 answered: a quorum.
        query.OnSuccess(ordered[3].Id, []);
        query.OnSuccess(ordered[4].Id, []);
        DateTimeOffset third = T0.AddMilliseconds(50) + (SlowAfter * 2 / 6);
        Assert.False(query.Next(T0.AddMilliseconds(60), []));
        Assert.Equal(third, query.NextSlowAt(T0.AddMilliseconds(60)));
        Assert.False(query.Next(third.AddMilliseconds(-1), []));
        Assert.True(query.Next(third, []));
        Assert.Equal(ordered.Take(5), query.ClosestSucceeded());
    }

    [Fact]
    public void Next_QuorumAnsweredClosestOutstanding_WaitsHalfItsSlowAfterAndUsesItsAnswer()
    {
        (DhtKey target, List<Contact> ordered) = Network(10);
        var query = new LookupQuery(target, ordered, 10, 3, 1, SlowAfter);
        var send = new List<Contact>();
        query.Next(T0, send);
        query.OnSuccess(ordered[1].Id, []);
        query.OnSuccess(ordered[2].Id, []);
        query.Next(T0, send);
        query.OnSuccess(ordered[3].Id, []);
        query.Next(T0, send);
        Assert.Equal(ordered, send.OrderBy(c => c.Id.Value.Xor(target.Value)));
        foreach (Contact peer in ordered.Skip(4).Take(3))
        {
            query.OnSuccess(peer.Id, []);
        }

        // 6 of 10 answered, but the closest has not: it is waited for half its slow-after time, not a third.
        DateTimeOffset half = T0 + (SlowAfter / 2);
        DateTimeOffset third = T0 + (SlowAfter * 2 / 6);
        Assert.False(query.Next(third, []));
        Assert.Equal(half, query.NextSlowAt(third));
        query.OnSuccess(ordered[0].Id, []);

        // It answered; the three tail peers still out are not waited for past a third.
        Assert.True(query.Next(third + TimeSpan.FromMilliseconds(1), []));
        Assert.Equal(ordered.Take(7), query.ClosestSucceeded());
    }

    [Fact]
    public void Next_FewerThanQuorumAnswered_WaitsUntilTheRestGoSlow()
    {
        (DhtKey target, List<Contact> ordered) = Network(10);
        var query = new LookupQuery(target, ordered, 10, 10, 1, SlowAfter);
        query.Next(T0, []);
        foreach (Contact peer in ordered.Take(4))
        {
            query.OnSuccess(peer.Id, []);
        }

        // 4 of 10 is short of the quorum of 5: the six silent peers hold the lookup until they go slow.
        Assert.False(query.Next(T0 + (SlowAfter / 2), []));
        Assert.Equal(T0 + SlowAfter, query.NextSlowAt(T0 + (SlowAfter / 2)));
        Assert.True(query.Next(T0 + SlowAfter, []));
        Assert.Equal(ordered.Take(4), query.ClosestSucceeded());
    }
}
