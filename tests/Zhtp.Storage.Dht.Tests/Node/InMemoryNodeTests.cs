using System.Text;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Node;

public sealed class InMemoryNodeTests
{
    [Fact(Timeout = 60_000)]
    public async Task StoreAsync_ThenFindValueFromAnotherNode_ReturnsValue()
    {
        await using NodeCluster cluster = await NodeCluster.StartAsync(30, secure: true);
        byte[] value = "hello, kademlia"u8.ToArray();

        StoreResult stored = await cluster.RunAsync(() => cluster.Nodes[3].StoreAsync(value));
        FindValueResult found = await cluster.RunAsync(() => cluster.Nodes[17].FindValueAsync(stored.Key));

        Assert.Equal(RecordKeys.ContentKey(value), stored.Key);
        Assert.True(stored.StoredOn.Count >= 20, $"stored on {stored.StoredOn.Count}");
        Assert.True(found.Found);
        Assert.Equal(value, found.Record!.Value.ToArray());
    }

    [Fact(Timeout = 60_000)]
    public async Task FindValueAsync_UnknownKey_NotFoundWithClosestPeers()
    {
        await using NodeCluster cluster = await NodeCluster.StartAsync(15);

        FindValueResult result = await cluster.RunAsync(() => cluster.Nodes[2].FindValueAsync(new DhtKey(Hash256.Random(new Random(5)))));

        Assert.False(result.Found);
        Assert.Equal(14, result.ClosestPeers.Count);
    }

    [Fact(Timeout = 60_000)]
    public async Task FindValueAsync_AllHoldersButOneDead_StillFound()
    {
        DhtConfig config = NodeCluster.FastConfig with { K = 5 };
        await using NodeCluster cluster = await NodeCluster.StartAsync(40, config);
        StoreResult stored = await cluster.RunAsync(() => cluster.Nodes[0].StoreAsync("survivor"u8.ToArray()));
        List<Contact> holders = stored.StoredOn.Where(c => c != cluster.Nodes[0].Self).ToList();
        Assert.True(holders.Count >= 4);
        cluster.Kill(cluster.Nodes[0]);
        foreach (Contact holder in holders.Skip(1))
        {
            cluster.Network.Kill(holder.EndPoint);
        }

        IDhtNode finder = cluster.Nodes.First(n => !stored.StoredOn.Contains(n.Self));
        FindValueResult found = await cluster.RunAsync(() => finder.FindValueAsync(stored.Key));

        Assert.True(found.Found);
        Assert.Equal("survivor"u8.ToArray(), found.Record!.Value.ToArray());
    }

    [Fact(Timeout = 60_000)]
    public async Task FindValueAsync_DisjointPathsWithDeadNodes_StillFound()
    {
        DhtConfig config = NodeCluster.FastConfig with { K = 8, DisjointPaths = 3 };
        await using NodeCluster cluster = await NodeCluster.StartAsync(40, config);
        StoreResult stored = await cluster.RunAsync(() => cluster.Nodes[1].StoreAsync("three paths"u8.ToArray()));
        foreach (IDhtNode victim in cluster.Nodes.Where((n, i) => i % 5 == 0))
        {
            cluster.Kill(victim);
        }

        IDhtNode finder = cluster.Nodes.Where((n, i) => i % 5 != 0).First(n => !stored.StoredOn.Contains(n.Self));
        FindValueResult found = await cluster.RunAsync(() => finder.FindValueAsync(stored.Key));
        IReadOnlyList<Contact> closest = await cluster.RunAsync(() => finder.FindNodeAsync(stored.Key));

        Assert.True(found.Found);
        Assert.Equal(8, closest.Count);
    }

    [Fact(Timeout = 60_000)]
    public async Task PutMutableAsync_HigherSequenceReplaces_LowerRefused()
    {
        await using NodeCluster cluster = await NodeCluster.StartAsync(12);
        IDhtNode owner = cluster.Nodes[1];
        StoreResult first = await cluster.RunAsync(() => owner.PutMutableAsync("profile", 1, "v1"u8.ToArray()));
        StoreResult second = await cluster.RunAsync(() => owner.PutMutableAsync("profile", 2, "v2"u8.ToArray()));

        FindValueResult found = await cluster.RunAsync(() => cluster.Nodes[7].FindValueAsync(first.Key));
        await Assert.ThrowsAsync<DhtException>(() => cluster.RunAsync(() => owner.PutMutableAsync("profile", 1, "old"u8.ToArray())));

        Assert.Equal(first.Key, second.Key);
        Assert.Equal(RecordKeys.MutableKey(owner.PublicKey.Span, "profile"), first.Key);
        Assert.Equal(2UL, found.Record!.Sequence);
        Assert.Equal("v2"u8.ToArray(), found.Record.Value.ToArray());
    }

    [Fact(Timeout = 60_000)]
    public async Task FindValueAsync_MutableRecord_HolderWithAnOlderSequence_GetsTheNewest()
    {
        // A holder that was away when sequence 2 was published still holds sequence 1. Neither it (from its
        // own store) nor another finder that reaches it first may return the old sequence.
        DhtConfig config = NodeCluster.FastConfig with { K = 4 };
        await using NodeCluster cluster = await NodeCluster.StartAsync(30, config);
        IDhtNode owner = cluster.Nodes[0];
        StoreResult first = await cluster.RunAsync(() => owner.PutMutableAsync("head", 1, "v1"u8.ToArray()));
        Contact lagging = first.StoredOn.First(c => c != owner.Self);
        cluster.Network.Kill(lagging.EndPoint);
        StoreResult second = await cluster.RunAsync(() => owner.PutMutableAsync("head", 2, "v2"u8.ToArray()));
        cluster.Network.Revive(lagging.EndPoint);
        IDhtNode stale = cluster.Nodes.Single(n => n.Self == lagging);
        IDhtNode finder = cluster.Nodes.First(n => n != owner && !first.StoredOn.Contains(n.Self) && !second.StoredOn.Contains(n.Self));

        FindValueResult fromStale = await cluster.RunAsync(() => stale.FindValueAsync(first.Key));
        FindValueResult fromFinder = await cluster.RunAsync(() => finder.FindValueAsync(first.Key));

        Assert.DoesNotContain(lagging, second.StoredOn);
        Assert.Equal(2UL, fromStale.Record!.Sequence);
        Assert.Equal("v2"u8.ToArray(), fromStale.Record.Value.ToArray());
        Assert.Equal(2UL, fromFinder.Record!.Sequence);
    }

    [Fact(Timeout = 60_000)]
    public async Task StoreAsync_EveryQuotaFull_ThrowsStorageFull()
    {
        await using NodeCluster cluster = await NodeCluster.StartAsync(6, NodeCluster.FastConfig with { StorageQuotaBytes = 10 });

        await Assert.ThrowsAsync<DhtStorageFullException>(() => cluster.RunAsync(() => cluster.Nodes[0].StoreAsync(new byte[64])));
    }

    [Fact(Timeout = 60_000)]
    public async Task StoreAsync_ValueAboveMaxValueSize_ThrowsArgumentException()
    {
        await using NodeCluster cluster = await NodeCluster.StartAsync(2, NodeCluster.FastConfig with { MaxValueSize = 4096 });

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => cluster.RunAsync(() => cluster.Nodes[0].StoreAsync(new byte[5000])));
        Assert.Contains("MaxValueSize", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task StoreAsync_ValueLargerThanDatagram_TravelsOverBulkChannel()
    {
        await using NodeCluster cluster = await NodeCluster.StartAsync(12, NodeCluster.FastConfig with { K = 4 });
        byte[] value = new byte[100_000];
        new Random(8).NextBytes(value);

        StoreResult stored = await cluster.RunAsync(() => cluster.Nodes[0].StoreAsync(value));
        IDhtNode finder = cluster.Nodes.First(n => !stored.StoredOn.Contains(n.Self));
        FindValueResult found = await cluster.RunAsync(() => finder.FindValueAsync(stored.Key));

        Assert.True(stored.StoredOn.Count(c => c != cluster.Nodes[0].Self) >= 3);
        Assert.True(found.Found);
        Assert.Equal(value, found.Record!.Value.ToArray());
    }

    [Fact(Timeout = 60_000)]
    public async Task Contracts_DeployQueryFind_ReachTheClosestHolders()
    {
        DhtConfig config = NodeCluster.FastConfig with { K = 4 };
        await using NodeCluster cluster = await NodeCluster.StartAsync(16, config);
        var handlers = cluster.Nodes.Select(n => new RecordingContractHandler()).ToList();
        for (int i = 0; i < cluster.Nodes.Count; i++)
        {
            cluster.Nodes[i].RegisterContractHandler(handlers[i]);
        }

        var contractId = new DhtKey(Hash256.Random(new Random(77)));
        ContractResult deployed = await cluster.RunAsync(() => cluster.Nodes[3].DeployContractAsync(contractId, "terms"u8.ToArray()));
        ContractResult rejected = await cluster.RunAsync(() => cluster.Nodes[3].ExecuteContractAsync(contractId, "bad"u8.ToArray()));
        ContractResult queried = await cluster.RunAsync(() => cluster.Nodes[9].QueryContractAsync(contractId, "balance?"u8.ToArray()));
        ContractFindResult found = await cluster.RunAsync(() => cluster.Nodes[11].FindContractAsync(contractId));

        Assert.Equal(4, deployed.Replies.Count);
        Assert.Equal(4, deployed.Accepted);
        Assert.Equal(4, handlers.Count(h => h.Deployed.ContainsKey(contractId)));
        Assert.Equal(0, rejected.Accepted);
        Assert.All(rejected.Replies, r => Assert.Equal("bad transition", r.Reply.Error));
        Assert.All(queried.Replies, r => Assert.Equal("terms", Encoding.UTF8.GetString(r.Reply.Payload.Span)));
        Assert.True(found.Found);
        Assert.Equal("terms"u8.ToArray(), found.State.ToArray());
        Assert.Equal(cluster.Nodes[3].Self.Id, handlers.First(h => h.Deployed.ContainsKey(contractId)).LastSender!.Id);
    }

    [Fact(Timeout = 60_000)]
    public async Task SendRequestAsync_RegisteredHandler_RepliesAndCountsStats()
    {
        await using NodeCluster cluster = await NodeCluster.StartAsync(3);
        IDhtNode host = cluster.Nodes[1];
        host.RegisterRequestHandler("zhtp/audit/1", (sender, payload, ct) => ValueTask.FromResult<ReadOnlyMemory<byte>>(payload.ToArray().Reverse().ToArray()));
        host.RegisterRequestHandler("zhtp/refuse/1", (sender, payload, ct) => throw new DhtRequestRejectedException("not today"));

        AppResponse ok = await cluster.RunAsync(() => cluster.Nodes[0].SendRequestAsync(host.Self, "zhtp/audit/1", new byte[] { 1, 2, 3 }));
        AppResponse missing = await cluster.RunAsync(() => cluster.Nodes[0].SendRequestAsync(host.Self, "zhtp/none/1", new byte[] { 1 }));
        AppResponse refused = await cluster.RunAsync(() => cluster.Nodes[0].SendRequestAsync(host.Self, "zhtp/refuse/1", new byte[] { 1 }));
        ContactStats? stats = cluster.Nodes[0].GetContactStats(host.Self.Id);

        Assert.True(ok.Success);
        Assert.Equal(new byte[] { 3, 2, 1 }, ok.Payload.ToArray());
        Assert.Equal(DhtErrorCode.NoHandler, missing.Error);
        Assert.Equal(DhtErrorCode.Rejected, refused.Error);
        Assert.Equal("not today", refused.Message);
        Assert.NotNull(stats);
        Assert.True(stats.Value.Responses >= 3);
        Assert.Equal(0, stats.Value.Timeouts);
    }

    [Fact(Timeout = 60_000)]
    public async Task SendRequestAsync_DeadNode_TimesOutAndCountsFailures()
    {
        await using NodeCluster cluster = await NodeCluster.StartAsync(3);
        cluster.Kill(cluster.Nodes[2]);

        AppResponse response = await cluster.RunAsync(() => cluster.Nodes[0].SendRequestAsync(cluster.Nodes[2].Self, "zhtp/audit/1", new byte[] { 1 }));
        ContactStats stats = cluster.Nodes[0].GetContactStats(cluster.Nodes[2].Self.Id)!.Value;

        Assert.Equal(DhtErrorCode.Timeout, response.Error);
        Assert.Equal(2, stats.Timeouts);
        Assert.Equal(2, stats.ConsecutiveFailures);
        Assert.True(cluster.Nodes[0].GetStats().RequestTimeouts >= 1);
    }

    [Fact(Timeout = 60_000)]
    public async Task RunMaintenanceAsync_PublisherRepublishes_RecordOutlivesOriginalTtl()
    {
        DhtConfig config = NodeCluster.FastConfig with { RecordTtl = TimeSpan.FromHours(2), RepublishInterval = TimeSpan.FromHours(1) };
        await using NodeCluster cluster = await NodeCluster.StartAsync(8, config);
        StoreResult stored = await cluster.RunAsync(() => cluster.Nodes[0].StoreAsync("long-lived"u8.ToArray()));

        await cluster.Clock.AdvanceAsync(TimeSpan.FromMinutes(90));
        await cluster.RunAsync(() => cluster.Nodes[0].RunMaintenanceAsync());
        await cluster.Clock.AdvanceAsync(TimeSpan.FromMinutes(60));
        foreach (IDhtNode node in cluster.Nodes.Skip(1))
        {
            await cluster.RunAsync(() => node.RunMaintenanceAsync());
        }

        Assert.True((await cluster.RunAsync(() => cluster.Nodes[5].FindValueAsync(stored.Key))).Found);
        Assert.True(cluster.Nodes[5].GetStats().RecordsStored == 1);
    }

    [Fact(Timeout = 60_000)]
    public async Task RunMaintenanceAsync_AfterTtlWithoutRepublish_RecordExpires()
    {
        DhtConfig config = NodeCluster.FastConfig with { RecordTtl = TimeSpan.FromHours(2), RepublishInterval = TimeSpan.FromHours(1) };
        await using NodeCluster cluster = await NodeCluster.StartAsync(6, config);
        StoreResult stored = await cluster.RunAsync(() => cluster.Nodes[0].StoreAsync("short-lived"u8.ToArray()));
        Assert.Equal(1, cluster.Nodes[3].GetStats().RecordsStored);
        cluster.Kill(cluster.Nodes[0]);

        await cluster.Clock.AdvanceAsync(TimeSpan.FromHours(3));
        foreach (IDhtNode node in cluster.Nodes.Skip(1))
        {
            await cluster.RunAsync(() => node.RunMaintenanceAsync());
        }

        Assert.False((await cluster.RunAsync(() => cluster.Nodes[3].FindValueAsync(stored.Key))).Found);
        Assert.Equal(0, cluster.Nodes[3].GetStats().RecordsStored);
    }

    [Fact(Timeout = 60_000)]
    public async Task RunMaintenanceAsync_NewCloserNode_ReceivesReplica()
    {
        DhtConfig config = NodeCluster.FastConfig with { K = 3, ReplicationInterval = TimeSpan.FromMilliseconds(1) };
        await using NodeCluster cluster = await NodeCluster.StartAsync(10, config);
        StoreResult stored = await cluster.RunAsync(() => cluster.Nodes[0].StoreAsync("replicate me"u8.ToArray()));
        // A new node whose id is closer to the key than every current holder.
        INodeSigner signer = Enumerable.Range(0, 5000).Select(i => NodeSigners.CreateInsecureForSimulation(new Random(50_000 + i)))
            .First(s => NodeId.FromPublicKey(s.PublicKey.Span).Value.Xor(stored.Key.Value) < stored.StoredOn.Min(c => c.Id.Value.Xor(stored.Key.Value)));
        await using IDhtNode late = await DhtNode.CreateAsync(new DhtNodeOptions { Config = config, Transport = cluster.Network.CreateTransport(), Signer = signer, TimeProvider = cluster.Time, MaintenanceInterval = null });
        await cluster.RunAsync(() => late.JoinAsync([cluster.Nodes[1].Self.EndPoint]));

        // Holders that received the record within the replication interval leave it to the
        // publisher (Kademlia §2.5); once the interval has passed they push it to the newcomer.
        foreach (IDhtNode node in cluster.Nodes.Skip(1))
        {
            await cluster.RunAsync(() => node.RunMaintenanceAsync());
        }

        Assert.Equal(0, late.GetStats().RecordsStored);
        await cluster.Clock.AdvanceAsync(TimeSpan.FromMilliseconds(10));
        foreach (IDhtNode node in cluster.Nodes.Skip(1))
        {
            await cluster.RunAsync(() => node.RunMaintenanceAsync());
        }

        Assert.Equal(1, late.GetStats().RecordsStored);
    }
}
