using Zhtp.Storage.Dht.Lookup;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Lookup;

/// <summary>
/// A value lookup that has not found its value takes no quorum and waits for slow peers up to the request timeout:
/// the silent peers are the ones that may hold it. The same situations end early for a FindNode (pinned in
/// <see cref="LookupQueryQuorumTests"/> and <see cref="LookupQuerySlowPeerTests"/>).
/// </summary>
public sealed class LookupQueryValueTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan Adaptive = TimeSpan.FromMilliseconds(150);
    private readonly Random _random = new(17);

    private (DhtKey Target, List<Contact> Ordered) Network(int count) => TestIds.OrderedNetwork(_random, count);

    /// <summary>Eight peers asked at once (α = k = 8); the five farthest answer without the value, the three closest stay silent.</summary>
    private static LookupQuery QuorumWithoutValue(DhtKey target, List<Contact> ordered, bool valueLookup)
    {
        var query = new LookupQuery(target, ordered, 8, 8, 1, RequestTimeout, slowAfterOf: _ => Adaptive, valueLookup: valueLookup);
        var send = new List<Contact>();
        query.Next(T0, send);
        Assert.Equal(8, send.Count);
        foreach (Contact peer in ordered.Skip(3))
        {
            query.OnSuccess(peer.Id, []);
        }

        return query;
    }

    [Fact]
    public void Next_FindNodeQuorumAnswered_EndsBeforeTheSilentPeersGoSlow()
    {
        (DhtKey target, List<Contact> ordered) = Network(8);
        LookupQuery query = QuorumWithoutValue(target, ordered, valueLookup: false);

        // The control: 5 of 8 answered is a quorum, the three silent closest are waited for half their 150 ms.
        Assert.True(query.Next(T0 + (Adaptive / 2), []));
        Assert.False(query.ValueFound);
    }

    [Fact]
    public void Next_ValueLookupQuorumAnsweredHolderLate_WaitsAndFindsTheValue()
    {
        (DhtKey target, List<Contact> ordered) = Network(8);
        LookupQuery query = QuorumWithoutValue(target, ordered, valueLookup: true);

        // No quorum for a value not found yet: past the FindNode's end, past the peers' adaptive time, the lookup goes on
        // until the request timeout, and wakes the driver then.
        Assert.False(query.Next(T0 + (Adaptive / 2), []));
        Assert.False(query.Next(T0 + Adaptive, []));
        Assert.Equal(T0 + RequestTimeout, query.NextSlowAt(T0 + Adaptive));
        Assert.False(query.Next(T0 + RequestTimeout - TimeSpan.FromMilliseconds(1), []));

        // A holder answers late with the value.
        query.OnValue(ordered[1].Id);
        Assert.True(query.Next(T0 + RequestTimeout - TimeSpan.FromMilliseconds(1), []));
        Assert.True(query.ValueFound);
    }

    [Fact]
    public void Next_ValueLookupSilentPeersNeverAnswer_EndsAtTheRequestTimeoutWithoutValue()
    {
        (DhtKey target, List<Contact> ordered) = Network(8);
        LookupQuery query = QuorumWithoutValue(target, ordered, valueLookup: true);

        Assert.False(query.Next(T0 + RequestTimeout - TimeSpan.FromMilliseconds(1), []));
        Assert.True(query.Next(T0 + RequestTimeout, []));
        Assert.False(query.ValueFound);
        Assert.Equal(ordered.Skip(3), query.ClosestSucceeded());
    }

    [Fact]
    public void Next_ValueLookupSilentPeersFail_EndsAsSoonAsTheyFail()
    {
        (DhtKey target, List<Contact> ordered) = Network(8);
        LookupQuery query = QuorumWithoutValue(target, ordered, valueLookup: true);
        foreach (Contact dead in ordered.Take(3))
        {
            query.OnFailure(dead.Id);
        }

        Assert.True(query.Next(T0 + TimeSpan.FromMilliseconds(10), []));
        Assert.False(query.ValueFound);
    }

    [Fact]
    public void Next_MutableValueInHand_TheQuorumAppliesAgain()
    {
        (DhtKey target, List<Contact> ordered) = Network(8);
        LookupQuery query = QuorumWithoutValue(target, ordered, valueLookup: true);

        // A mutable record came back (the lookup asks on for a higher sequence): with a value in hand, the silent peers
        // are waited for as in a FindNode, not up to the request timeout.
        query.OnValueContinue(ordered[3].Id);
        Assert.False(query.IsFinished);
        Assert.True(query.Next(T0 + (Adaptive / 2), []));
        Assert.True(query.ValueFound);
    }
}
