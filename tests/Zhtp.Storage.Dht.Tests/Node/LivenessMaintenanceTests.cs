using Zhtp.Storage.Dht.Node;
using Zhtp.Storage.Dht.Routing;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Node;

/// <summary>Maintenance pings contacts not heard from for an hour: the departed leave the table for replacements, on fake time.</summary>
public sealed class LivenessMaintenanceTests
{
    [Fact(Timeout = 120_000)]
    public async Task RunMaintenanceAsync_ContactDepartedAnHourAgo_IsReplacedFromTheCache()
    {
        // K = 4: buckets fill up, so replacement caches hold candidates.
        await using NodeCluster cluster = await NodeCluster.StartAsync(40, NodeCluster.FastConfig with { K = 4 });
        var origin = (KademliaNode)cluster.Nodes[7];
        Contact departed;
        int bucket;
        lock (origin.TableLock)
        {
            bucket = Enumerable.Range(0, Hash256.Bits).First(i => origin.Table.Replacements(i).Count > 0);
            departed = origin.Table.Bucket(bucket)[^1].Contact;
        }

        cluster.Network.Kill(departed.EndPoint);
        await cluster.Clock.AdvanceAsync(TimeSpan.FromMinutes(61));
        await cluster.RunAsync(() => origin.RunMaintenanceAsync());

        lock (origin.TableLock)
        {
            // Without the liveness ping the departed contact stays: the bucket refresh lookups meet
            // it at most once, and three failures are needed to make it stale.
            Assert.Null(origin.Table.Find(departed.Id));
            Assert.Equal(4, origin.Table.Bucket(bucket).Count);
            Assert.All(origin.Table.Entries(), e => Assert.Equal(0, e.Failures));
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task RunMaintenanceAsync_LiveContactsNotHeardFromForAnHour_AnswerAndStay()
    {
        await using NodeCluster cluster = await NodeCluster.StartAsync(20);
        var origin = (KademliaNode)cluster.Nodes[3];
        List<NodeId> before = origin.GetContacts().Select(c => c.Id).Order().ToList();
        await cluster.Clock.AdvanceAsync(TimeSpan.FromMinutes(61));
        DateTimeOffset checkedAt = cluster.Time.GetUtcNow();

        await cluster.RunAsync(() => origin.RunMaintenanceAsync());

        Assert.Equal(before, origin.GetContacts().Select(c => c.Id).Order().ToList());
        lock (origin.TableLock)
        {
            var candidates = new List<Contact>();
            origin.Table.LivenessCandidates(checkedAt, candidates);
            Assert.Empty(candidates);
        }
    }
}
