using Zhtp.Storage.Dht.Routing;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Routing;

/// <summary>The routing-table half of the liveness check: who is pinged, and what silence does.</summary>
public sealed class LivenessCheckTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly Random _random = new(8);
    private readonly NodeId _self;

    public LivenessCheckTests() => _self = TestIds.Random(_random);

    private RoutingTable Table() => new(_self, new DhtConfig { K = 3, StaleAfterFailures = 3 });

    [Fact]
    public void LivenessCandidates_OnlyContactsNotHeardFromSinceTheCutoffAndNotStale()
    {
        RoutingTable table = Table();
        Contact old = TestIds.Contact(TestIds.WithPrefix(_self, 2, _random), 1);
        Contact stale = TestIds.Contact(TestIds.WithPrefix(_self, 2, _random), 2);
        Contact recent = TestIds.Contact(TestIds.WithPrefix(_self, 2, _random), 3);
        Contact otherBucket = TestIds.Contact(TestIds.WithPrefix(_self, 5, _random), 4);
        table.Update(old, T0);
        table.Update(stale, T0);
        table.Update(otherBucket, T0.AddMinutes(10));
        table.Update(recent, T0.AddMinutes(90));
        for (int i = 0; i < 3; i++)
        {
            table.RecordFailure(stale.Id, T0.AddMinutes(91));
        }

        var candidates = new List<Contact>();
        table.LivenessCandidates(T0.AddMinutes(60), candidates);

        Assert.Equal([old, otherBucket], candidates);
    }

    [Fact]
    public void MarkUnresponsive_WithReplacement_EvictsAndPromotesIt()
    {
        RoutingTable table = Table();
        List<Contact> full = Enumerable.Range(0, 3).Select(i => TestIds.Contact(TestIds.WithPrefix(_self, 4, _random), i)).ToList();
        foreach (Contact contact in full)
        {
            table.Update(contact, T0);
        }

        Contact waiting = TestIds.Contact(TestIds.WithPrefix(_self, 4, _random), 9);
        Assert.Equal(UpdateOutcome.PingLeastRecentlySeen, table.Update(waiting, T0.AddHours(1)).Outcome);

        // Silence from the middle one (not the one ping-before-evict asked about): it leaves at once.
        Assert.Equal(waiting, table.MarkUnresponsive(full[1].Id, T0.AddHours(2)));
        Assert.Null(table.Find(full[1].Id));
        Assert.Equal(3, table.Count);
        Assert.Contains(table.Bucket(4), e => e.Contact == waiting);
    }

    [Fact]
    public void MarkUnresponsive_NoReplacement_StaysButIsNeverReturned()
    {
        RoutingTable table = Table();
        Contact gone = TestIds.Contact(TestIds.WithPrefix(_self, 4, _random), 1);
        Contact live = TestIds.Contact(TestIds.WithPrefix(_self, 4, _random), 2);
        table.Update(gone, T0);
        table.Update(live, T0);

        Assert.Null(table.MarkUnresponsive(gone.Id, T0.AddHours(2)));

        Assert.NotNull(table.Find(gone.Id));
        Assert.Equal([live], table.Closest(DhtKey.FromNode(gone.Id), 3));
        var candidates = new List<Contact>();
        table.LivenessCandidates(T0.AddHours(3), candidates);
        Assert.Equal([live], candidates);
    }
}
