using Zhtp.Storage.Dht.Lookup;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Lookup;

/// <summary>
/// A value lookup that has not found its value takes no quorum: each silent peer of the window is waited for until it
/// answers, fails or goes slow (its whole adaptive time), never the request timeout. The same situation ends earlier for
/// a FindNode (pinned in <see cref="LookupQueryQuorumTests"/> and <see cref="LookupQuerySlowPeerTests"/>).
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

        // No quorum for a value not found yet: past the FindNode's end, the silent peers hold the lookup until their
        // adaptive time, and the driver is woken then.
        Assert.False(query.Next(T0 + (Adaptive / 2), []));
        Assert.Equal(T0 + Adaptive, query.NextSlowAt(T0 + (Adaptive / 2)));
        Assert.False(query.Next(T0 + Adaptive - TimeSpan.FromMilliseconds(1), []));

        // A holder answers late, but before going slow, with the value.
        query.OnValue(ordered[1].Id);
        Assert.True(query.Next(T0 + Adaptive - TimeSpan.FromMilliseconds(1), []));
        Assert.True(query.ValueFound);
    }

    [Fact]
    public void Next_ValueLookupSilentPeersNeverAnswer_EndsAfterOneAdaptiveTimeNotTheRequestTimeout()
    {
        (DhtKey target, List<Contact> ordered) = Network(8);
        LookupQuery query = QuorumWithoutValue(target, ordered, valueLookup: true);

        // Dead peers cost one adaptive time (150 ms), not the request timeout (400 ms): lookups never wait on the dead.
        Assert.True(query.Next(T0 + Adaptive, []));
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
