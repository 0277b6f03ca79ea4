using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Node;

public sealed class PlacedRecordTests
{
    [Fact(Timeout = 60_000)]
    public async Task StoreAt_PutsTheValueOnThatHolderAlone_AndFetchFromReturnsIt()
    {
        await using NodeCluster cluster = await NodeCluster.StartAsync(12, secure: true);
        IDhtNode writer = cluster.Nodes[0];
        Contact holder = cluster.Nodes[7].Self;
        byte[] value = "one shard, one holder"u8.ToArray();

        DhtErrorCode stored = await cluster.RunAsync(() => writer.StoreAtAsync(holder, value, TimeSpan.FromHours(1)));
        HolderFetchResult fetched = await cluster.RunAsync(() => cluster.Nodes[3].FetchFromAsync(holder, RecordKeys.ContentKey(value)));
        HolderFetchResult elsewhere = await cluster.RunAsync(() => cluster.Nodes[3].FetchFromAsync(cluster.Nodes[8].Self, RecordKeys.ContentKey(value)));
        HolderFetchResult local = await cluster.RunAsync(() => writer.FetchFromAsync(writer.Self, RecordKeys.ContentKey(value)));

        Assert.Equal(DhtErrorCode.None, stored);
        Assert.True(fetched.Found);
        Assert.Equal(RecordKind.Placed, fetched.Record!.Kind);
        Assert.Equal(value, fetched.Record.Value.ToArray());
        Assert.Equal(DhtErrorCode.NotFound, elsewhere.Error);
        Assert.Equal(DhtErrorCode.NotFound, local.Error);
    }

    [Fact(Timeout = 60_000)]
    public async Task StoreAtWithKey_RightKeyIsStored_WrongKeyIsRefusedByTheHolder_RemoteAndLocal()
    {
        await using NodeCluster cluster = await NodeCluster.StartAsync(10, secure: true);
        IDhtNode writer = cluster.Nodes[0];
        Contact holder = cluster.Nodes[5].Self;
        byte[] value = "hashed once by the sender"u8.ToArray();
        byte[] other = "some other bytes"u8.ToArray();

        DhtErrorCode stored = await cluster.RunAsync(() => writer.StoreAtWithKeyAsync(holder, RecordKeys.ContentKey(value), value, TimeSpan.FromHours(1), CancellationToken.None));
        DhtErrorCode lied = await cluster.RunAsync(() => writer.StoreAtWithKeyAsync(holder, RecordKeys.ContentKey(value), other, TimeSpan.FromHours(1), CancellationToken.None));
        DhtErrorCode liedLocally = await cluster.RunAsync(() => writer.StoreAtWithKeyAsync(writer.Self, RecordKeys.ContentKey(value), other, TimeSpan.FromHours(1), CancellationToken.None));
        HolderFetchResult fetched = await cluster.RunAsync(() => cluster.Nodes[2].FetchFromAsync(holder, RecordKeys.ContentKey(value)));

        Assert.Equal(DhtErrorCode.None, stored);
        Assert.Equal(DhtErrorCode.InvalidRecord, lied);
        Assert.Equal(DhtErrorCode.InvalidRecord, liedLocally);
        Assert.True(fetched.Found);
        Assert.Equal(value, fetched.Record!.Value.ToArray());
    }

    [Fact(Timeout = 60_000)]
    public async Task PlacedRecords_AreNeverReReplicated_AndExpireUnlessRenewed()
    {
        await using NodeCluster cluster = await NodeCluster.StartAsync(10);
        Contact holder = cluster.Nodes[4].Self;
        byte[] renewed = "renewed"u8.ToArray();
        byte[] forgotten = "forgotten"u8.ToArray();
        await cluster.RunAsync(() => cluster.Nodes[0].StoreAtAsync(holder, renewed, TimeSpan.FromHours(2)));
        await cluster.RunAsync(() => cluster.Nodes[0].StoreAtAsync(holder, forgotten, TimeSpan.FromHours(2)));

        for (int hour = 0; hour < 3; hour++)
        {
            cluster.Time.Advance(TimeSpan.FromHours(1));
            Assert.Equal(DhtErrorCode.None, await cluster.RunAsync(() => cluster.Nodes[1].RenewAtAsync(holder, RecordKeys.ContentKey(renewed), TimeSpan.FromHours(2))));
            await cluster.RunAsync(() => Task.WhenAll(cluster.Nodes.Select(n => n.RunMaintenanceAsync())));
        }

        int[] copies = await Task.WhenAll(cluster.Nodes.Select(async n => (await cluster.RunAsync(() => cluster.Nodes[0].FetchFromAsync(n.Self, RecordKeys.ContentKey(renewed)))).Found ? 1 : 0));
        HolderFetchResult expired = await cluster.RunAsync(() => cluster.Nodes[0].FetchFromAsync(holder, RecordKeys.ContentKey(forgotten)));
        DhtErrorCode renewGone = await cluster.RunAsync(() => cluster.Nodes[0].RenewAtAsync(holder, RecordKeys.ContentKey(forgotten), TimeSpan.FromHours(1)));

        Assert.Equal(1, copies.Sum());
        Assert.False(expired.Found);
        Assert.Equal(DhtErrorCode.NotFound, renewGone);
    }

    [Fact(Timeout = 60_000)]
    public async Task PutSigned_WithAnOwnerKey_IsFoundUnderTheOwnersKey_AndOnlyTheOwnerAdvancesIt()
    {
        await using NodeCluster cluster = await NodeCluster.StartAsync(10, secure: true);
        using INodeSigner owner = NodeSigners.CreateEcdsaP256FromSeed(77);
        using INodeSigner other = NodeSigners.CreateEcdsaP256FromSeed(78);

        StoreResult first = await cluster.RunAsync(() => cluster.Nodes[0].PutSignedAsync(owner, "profile", 1, "v1"u8.ToArray()));
        StoreResult second = await cluster.RunAsync(() => cluster.Nodes[5].PutSignedAsync(owner, "profile", 2, "v2"u8.ToArray()));
        StoreResult forged = await cluster.RunAsync(() => cluster.Nodes[5].PutSignedAsync(other, "profile", 9, "evil"u8.ToArray()));
        FindValueResult found = await cluster.RunAsync(() => cluster.Nodes[8].FindValueAsync(first.Key));

        Assert.Equal(RecordKeys.MutableKey(owner.PublicKey.Span, "profile"), first.Key);
        Assert.Equal(first.Key, second.Key);
        Assert.NotEqual(first.Key, forged.Key);
        Assert.Equal("v2"u8.ToArray(), found.Record!.Value.ToArray());
        Assert.Equal(owner.PublicKey.ToArray(), found.Record.Owner.ToArray());
        Assert.Throws<ArgumentException>(() => { _ = cluster.Nodes[0].PutSignedAsync(NodeSigners.CreateInsecureForSimulation(), "x", 1, "v"u8.ToArray()); });
    }

    [Fact(Timeout = 60_000)]
    public async Task PutSigned_FromANodeOutsideTheClosest_LeavesNoStaleCopyThere()
    {
        DhtConfig config = NodeCluster.FastConfig with { K = 4 };
        await using NodeCluster cluster = await NodeCluster.StartAsync(30, config, secure: true);
        using INodeSigner owner = NodeSigners.CreateEcdsaP256FromSeed(91);
        DhtKey key = RecordKeys.MutableKey(owner.PublicKey.Span, "head");
        IDhtNode[] byDistance = [.. cluster.Nodes.OrderBy(n => n.Self.Id.Value.Xor(key.Value))];
        IDhtNode far = byDistance[^1];
        IDhtNode other = byDistance[^2];

        // Version 1 goes out through the far node, version 2 through another; the far node must then find 2.
        await cluster.RunAsync(() => far.PutSignedAsync(owner, "head", 1, "v1"u8.ToArray()));
        await cluster.RunAsync(() => other.PutSignedAsync(owner, "head", 2, "v2"u8.ToArray()));
        FindValueResult found = await cluster.RunAsync(() => far.FindValueAsync(key));

        Assert.Equal(2UL, found.Record!.Sequence);
        Assert.Equal("v2"u8.ToArray(), found.Record.Value.ToArray());
    }
}
