using Zhtp.Storage.Dht.Routing;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Routing;

/// <summary>What a node hands out in a Nodes answer: contacts that answered recently first, the dead never while live ones are known.</summary>
public sealed class ClosestForAnswerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly Random _random = new(43);
    private readonly NodeId _self;

    public ClosestForAnswerTests() => _self = TestIds.Random(_random);

    [Fact]
    public void ClosestForAnswer_FailedAndLongSilentContacts_ComeOnlyAfterResponsiveOnes()
    {
        var table = new RoutingTable(_self, new DhtConfig { K = 20, StaleAfterFailures = 3 });
        List<Contact> contacts = Enumerable.Range(0, 12).Select(i => TestIds.Contact(TestIds.Random(_random), i)).ToList();
        for (int i = 0; i < contacts.Count; i++)
        {
            // Four were last heard from two hours ago, the rest within the hour.
            table.Update(contacts[i], i < 4 ? T0 : T0.AddHours(2));
        }

        table.RecordFailure(contacts[5].Id, T0.AddHours(2));
        DhtKey target = DhtKey.FromNode(contacts[0].Id);
        var responsive = contacts.Skip(4).Where(c => c != contacts[5]).ToHashSet();
        var answer = new List<Contact>();

        table.ClosestForAnswer(target, 5, answer, exclude: null, responsiveSince: T0.AddHours(1));
        Assert.Equal(5, answer.Count);
        Assert.All(answer, c => Assert.Contains(c, responsive));
        Assert.Equal(responsive.OrderBy(c => c.Id.Value.Xor(target.Value)).Take(5), answer);

        // Fewer responsive contacts than asked for: topped up with the others, closest first.
        table.ClosestForAnswer(target, 10, answer, exclude: null, responsiveSince: T0.AddHours(1));
        Assert.Equal(10, answer.Count);
        Assert.Equal(responsive.OrderBy(c => c.Id.Value.Xor(target.Value)), answer.Take(7));
        Assert.Equal(contacts.Except(responsive).OrderBy(c => c.Id.Value.Xor(target.Value)).Take(3), answer.Skip(7));
    }

    [Fact]
    public void ClosestForAnswer_StaleContact_NeverHandedOut()
    {
        var table = new RoutingTable(_self, new DhtConfig { K = 20, StaleAfterFailures = 2 });
        Contact dead = TestIds.Contact(TestIds.Random(_random), 1);
        Contact live = TestIds.Contact(TestIds.Random(_random), 2);
        table.Update(dead, T0);
        table.Update(live, T0);
        table.RecordFailure(dead.Id, T0);
        table.RecordFailure(dead.Id, T0);
        var answer = new List<Contact>();

        table.ClosestForAnswer(DhtKey.FromNode(dead.Id), 20, answer, exclude: null, responsiveSince: T0);

        Assert.Equal([live], answer);
    }
}
