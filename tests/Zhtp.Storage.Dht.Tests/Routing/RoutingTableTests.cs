using System.Net;
using Zhtp.Storage.Dht.Routing;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Routing;

public sealed class RoutingTableTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>When contacts heard from at T0 have become questionable (a quarter of the 1-hour refresh interval).</summary>
    private static readonly DateTimeOffset Questionable = T0.AddMinutes(15);
    private readonly Random _random = new(42);
    private readonly NodeId _self;

    public RoutingTableTests() => _self = TestIds.Random(_random);

    private RoutingTable Table(DhtConfig? config = null) => new(_self, config ?? new DhtConfig { K = 4, StaleAfterFailures = 2 });

    /// <summary>A table whose bucket 2 holds its k = 4 members, all heard from at T0, and a fifth contact for that bucket.</summary>
    private (RoutingTable Table, List<Contact> Members, Contact Newcomer) FullBucket()
    {
        RoutingTable table = Table();
        List<Contact> members = Enumerable.Range(0, 4).Select(i => TestIds.Contact(TestIds.WithPrefix(_self, 2, _random), i)).ToList();
        members.ForEach(c => table.Update(c, T0));
        return (table, members, TestIds.Contact(TestIds.WithPrefix(_self, 2, _random), 9));
    }

    [Fact]
    public void Update_NewContact_IsAddedToBucketOfItsPrefix()
    {
        RoutingTable table = Table();
        Contact contact = TestIds.Contact(TestIds.WithPrefix(_self, 7, _random), 1);

        UpdateResult result = table.Update(contact, T0);

        Assert.Equal(UpdateOutcome.Added, result.Outcome);
        Assert.Equal(7, table.BucketIndex(contact.Id));
        Assert.Equal(contact, table.Bucket(7)[0].Contact);
    }

    [Fact]
    public void Update_Self_IsRefused()
    {
        Assert.Equal(UpdateOutcome.Self, Table().Update(TestIds.Contact(_self, 1), T0).Outcome);
    }

    [Fact]
    public void Update_KnownContact_MovesToMostRecentlySeenEnd()
    {
        RoutingTable table = Table();
        Contact a = TestIds.Contact(TestIds.WithPrefix(_self, 3, _random), 1);
        Contact b = TestIds.Contact(TestIds.WithPrefix(_self, 3, _random), 2);
        table.Update(a, T0);
        table.Update(b, T0);

        Assert.Equal(UpdateOutcome.Refreshed, table.Update(a, T0.AddSeconds(1)).Outcome);
        Assert.Equal([b, a], table.Bucket(3).Select(e => e.Contact));
    }

    [Fact]
    public void Update_FullBucket_AsksToPingLeastRecentlySeenAndCachesNewcomer()
    {
        (RoutingTable table, List<Contact> members, Contact newcomer) = FullBucket();

        UpdateResult result = table.Update(newcomer, Questionable);
        UpdateResult second = table.Update(TestIds.Contact(TestIds.WithPrefix(_self, 2, _random), 10), Questionable);

        Assert.Equal(UpdateOutcome.PingLeastRecentlySeen, result.Outcome);
        Assert.Equal(members[0], result.PingCandidate);
        Assert.Equal(UpdateOutcome.Cached, second.Outcome);
        Assert.Contains(newcomer, table.Replacements(2));
        Assert.Equal(4, table.Bucket(2).Count);
    }

    [Fact]
    public void Update_FullBucketLeastRecentlySeenStillGood_CachesNewcomerWithoutPing()
    {
        (RoutingTable table, List<Contact> members, Contact newcomer) = FullBucket();

        // Heard from 14 minutes ago: good (BEP 5), so no ping; at 15 minutes it is questionable.
        UpdateResult result = table.Update(newcomer, T0.AddMinutes(14));

        Assert.Equal(UpdateOutcome.Cached, result.Outcome);
        Assert.Null(result.PingCandidate);
        Assert.Contains(newcomer, table.Replacements(2));
        Assert.Equal(UpdateOutcome.PingLeastRecentlySeen, table.Update(newcomer, T0.AddMinutes(15)).Outcome);
    }

    [Fact]
    public void OnPingResult_Alive_KeepsContactAndNewcomerStaysCached()
    {
        (RoutingTable table, List<Contact> members, Contact newcomer) = FullBucket();
        UpdateResult result = table.Update(newcomer, Questionable);

        Contact? promoted = table.OnPingResult(result.PingCandidate!.Id, alive: true, Questionable);

        Assert.Null(promoted);
        Assert.Equal(members[0], table.Bucket(2)[^1].Contact);
        Assert.DoesNotContain(table.Bucket(2), e => e.Contact == newcomer);
    }

    [Fact]
    public void OnPingResult_Dead_EvictsAndPromotesNewestReplacement()
    {
        (RoutingTable table, List<Contact> members, Contact newcomer) = FullBucket();
        UpdateResult result = table.Update(newcomer, Questionable);

        Contact? promoted = table.OnPingResult(result.PingCandidate!.Id, alive: false, Questionable);

        Assert.Equal(newcomer, promoted);
        Assert.DoesNotContain(table.Bucket(2), e => e.Contact == members[0]);
        Assert.Equal(4, table.Count);
    }

    [Fact]
    public void RecordFailure_ReachesStaleThresholdWithReplacement_ReplacesContact()
    {
        RoutingTable table = Table();
        List<Contact> members = Enumerable.Range(0, 4).Select(i => TestIds.Contact(TestIds.WithPrefix(_self, 5, _random), i)).ToList();
        members.ForEach(c => table.Update(c, T0));
        Contact newcomer = TestIds.Contact(TestIds.WithPrefix(_self, 5, _random), 9);
        table.Update(newcomer, T0);

        Assert.False(table.RecordFailure(members[2].Id, T0));
        Assert.True(table.RecordFailure(members[2].Id, T0));
        Assert.Null(table.Find(members[2].Id));
        Assert.NotNull(table.Find(newcomer.Id));
    }

    [Fact]
    public void Closest_StaleContactWithoutReplacement_IsKeptButNotReturned()
    {
        RoutingTable table = Table();
        Contact contact = TestIds.Contact(TestIds.WithPrefix(_self, 1, _random), 1);
        table.Update(contact, T0);
        table.RecordFailure(contact.Id, T0);
        table.RecordFailure(contact.Id, T0);

        Assert.NotNull(table.Find(contact.Id));
        Assert.Empty(table.Closest(DhtKey.FromNode(contact.Id), 5));
    }

    [Fact]
    public void Closest_ManyContacts_ReturnsTrueClosestInOrder()
    {
        RoutingTable table = new(_self, new DhtConfig { K = 20 });
        var all = new List<Contact>();
        for (int i = 0; i < 500; i++)
        {
            Contact contact = TestIds.Contact(TestIds.Random(_random), i);
            if (table.Update(contact, T0).Outcome == UpdateOutcome.Added)
            {
                all.Add(contact);
            }
        }

        var target = new DhtKey(Hash256.Random(_random));
        List<Contact> expected = all.OrderBy(c => c.Id.Value.Xor(target.Value)).Take(20).ToList();

        Assert.Equal(expected, table.Closest(target, 20));
    }

    [Fact]
    public void Update_MoreThanAddressLimitFromOneAddress_IsRejected()
    {
        RoutingTable table = new(_self, new DhtConfig { K = 20, MaxContactsPerAddress = 2, MaxContactsPerSubnet = 3, ExemptLoopbackFromAddressLimits = true });
        Contact Make(string address) => TestIds.Contact(TestIds.WithPrefix(_self, 0, _random), address);

        Assert.Equal(UpdateOutcome.Added, table.Update(Make("192.0.2.1"), T0).Outcome);
        Assert.Equal(UpdateOutcome.Added, table.Update(Make("192.0.2.1"), T0).Outcome);
        Assert.Equal(UpdateOutcome.RejectedAddressLimit, table.Update(Make("192.0.2.1"), T0).Outcome);
        Assert.Equal(UpdateOutcome.Added, table.Update(Make("192.0.2.2"), T0).Outcome);
        Assert.Equal(UpdateOutcome.RejectedSubnetLimit, table.Update(Make("192.0.2.3"), T0).Outcome);
        Assert.Equal(UpdateOutcome.Added, table.Update(Make("192.0.3.3"), T0).Outcome);
    }

    [Fact]
    public void Update_Ipv6SameSlash64_CountsAsOneSubnet()
    {
        RoutingTable table = new(_self, new DhtConfig { K = 20, MaxContactsPerAddress = 1, MaxContactsPerSubnet = 1 });
        Contact Make(string address) => TestIds.Contact(TestIds.WithPrefix(_self, 0, _random), address);

        Assert.Equal(UpdateOutcome.Added, table.Update(Make("2001:db8:1:2::1"), T0).Outcome);
        Assert.Equal(UpdateOutcome.RejectedSubnetLimit, table.Update(Make("2001:db8:1:2::99"), T0).Outcome);
        Assert.Equal(UpdateOutcome.Added, table.Update(Make("2001:db8:1:3::1"), T0).Outcome);
    }

    [Theory]
    [InlineData(true, (int)UpdateOutcome.Added)]
    [InlineData(false, (int)UpdateOutcome.RejectedAddressLimit)]
    public void Update_LoopbackBeyondLimit_DependsOnExemption(bool exempt, int expected)
    {
        RoutingTable table = new(_self, new DhtConfig { K = 20, MaxContactsPerAddress = 1, MaxContactsPerSubnet = 1, ExemptLoopbackFromAddressLimits = exempt });
        table.Update(new Contact(TestIds.WithPrefix(_self, 0, _random), new IPEndPoint(IPAddress.Loopback, 1)), T0);

        UpdateResult result = table.Update(new Contact(TestIds.WithPrefix(_self, 0, _random), new IPEndPoint(IPAddress.Loopback, 2)), T0);

        Assert.Equal((UpdateOutcome)expected, result.Outcome);
    }

    [Fact]
    public void BucketsToRefresh_IdleBuckets_AreListedUntilMarked()
    {
        RoutingTable table = new(_self, new DhtConfig { BucketRefreshInterval = TimeSpan.FromMinutes(10) });
        table.Update(TestIds.Contact(TestIds.WithPrefix(_self, 3, _random), 1), T0);

        Assert.DoesNotContain(3, table.BucketsToRefresh(T0.AddMinutes(1)));
        Assert.Equal([0, 1, 2, 3, 4], table.BucketsToRefresh(T0.AddMinutes(11)));
        table.MarkRefreshed(2, T0.AddMinutes(11));
        Assert.DoesNotContain(2, table.BucketsToRefresh(T0.AddMinutes(12)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(255)]
    public void RandomKeyInBucket_FallsIntoThatBucket(int index)
    {
        RoutingTable table = Table();
        for (int i = 0; i < 50; i++)
        {
            DhtKey key = table.RandomKeyInBucket(index, _random);
            Assert.Equal(index, _self.Value.CommonPrefixLength(key.Value));
        }
    }
}
