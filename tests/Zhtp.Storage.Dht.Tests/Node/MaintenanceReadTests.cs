using Zhtp.Storage.Dht.Records;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Node;

/// <summary>
/// The maintenance pass reads a held record (value and all) only when it may act on it: when it does not know the record
/// (one in the store before the node stored anything, as after a restart), when a republish of a record this node
/// published is due, or when re-replication of a record others stored is due. Placed records (shards) are never acted on by the pass, so after the first pass they are not read again;
/// before, every pass read every held record in full each minute.
/// </summary>
public sealed class MaintenanceReadTests
{
    [Fact(Timeout = 60_000)]
    public async Task MaintenancePass_ReadsEachRecordOnce_ThenOnlyTheOnesDue()
    {
        await using NodeCluster cluster = await NodeCluster.StartAsync(6);
        var store = new CountingRecordStore(RecordStores.InMemory(64 << 20));
        IDhtNode node = await JoinWithStoreAsync(cluster, store, seed: 77);
        await using var _ = node;

        for (int i = 0; i < 20; i++)
        {
            byte[] shard = [.. "shard "u8, (byte)i];
            Assert.Equal(DhtErrorCode.None, await cluster.RunAsync(() => cluster.Nodes[1].StoreAtAsync(node.Self, shard, TimeSpan.FromDays(3))));
        }

        await cluster.RunAsync(() => node.StoreAsync("published here"u8.ToArray()));
        DhtRecord unknown = RecordValidation.Immutable("in the store before this node knew it"u8.ToArray(), cluster.Time.GetUtcNow().AddDays(3)) with { Kind = RecordKind.Placed };
        await store.PutAsync(unknown); // as records held from before a restart
        Assert.Equal(22, store.Count);

        store.Reads = 0;
        await cluster.RunAsync(() => node.RunMaintenanceAsync());
        Assert.Equal(1, store.Reads); // the records this node stored are known as put; the other one is read once

        store.Reads = 0;
        cluster.Time.Advance(TimeSpan.FromMinutes(1));
        await cluster.RunAsync(() => node.RunMaintenanceAsync());
        Assert.Equal(0, store.Reads); // nothing due

        store.Reads = 0;
        cluster.Time.Advance(TimeSpan.FromMinutes(61));
        await cluster.RunAsync(() => node.RunMaintenanceAsync());
        Assert.Equal(0, store.Reads); // re-replication ran, but placed records are the writer's to renew

        byte[] late = "stored after the first pass"u8.ToArray();
        Assert.Equal(DhtErrorCode.None, await cluster.RunAsync(() => cluster.Nodes[2].StoreAtAsync(node.Self, late, TimeSpan.FromDays(3))));
        store.Reads = 0;
        cluster.Time.Advance(TimeSpan.FromMinutes(1));
        await cluster.RunAsync(() => node.RunMaintenanceAsync());
        Assert.Equal(0, store.Reads); // a record stored through the node is known without reading it

        store.Reads = 0;
        cluster.Time.Advance(TimeSpan.FromHours(12));
        await cluster.RunAsync(() => node.RunMaintenanceAsync());
        Assert.Equal(1, store.Reads); // the record published here: its republish is due
    }

    [Fact(Timeout = 60_000)]
    public async Task RenewAt_ExtendsTheHoldersExpiryByKey_WithoutReadingTheRecord()
    {
        await using NodeCluster cluster = await NodeCluster.StartAsync(6);
        var store = new CountingRecordStore(RecordStores.InMemory(64 << 20));
        IDhtNode holder = await JoinWithStoreAsync(cluster, store, seed: 78);
        await using var _ = holder;
        byte[] shard = "a shard renewed by its writer"u8.ToArray();
        DhtKey key = RecordKeys.ContentKey(shard);
        Assert.Equal(DhtErrorCode.None, await cluster.RunAsync(() => cluster.Nodes[1].StoreAtAsync(holder.Self, shard, TimeSpan.FromHours(2))));

        store.Reads = 0;
        cluster.Time.Advance(TimeSpan.FromHours(1));
        DateTimeOffset before = cluster.Time.GetUtcNow();
        Assert.Equal(DhtErrorCode.None, await cluster.RunAsync(() => cluster.Nodes[1].RenewAtAsync(holder.Self, key, TimeSpan.FromHours(6))));
        DateTimeOffset after = cluster.Time.GetUtcNow(); // RunAsync may step the clock while the exchange runs
        Assert.Equal(DhtErrorCode.NotFound, await cluster.RunAsync(() => cluster.Nodes[1].RenewAtAsync(holder.Self, RecordKeys.ContentKey("never stored"u8), TimeSpan.FromHours(6))));

        Assert.Equal(0, store.Reads);
        DhtRecord? held = await store.GetAsync(key);
        Assert.InRange(held!.ExpiresAt, before + TimeSpan.FromHours(6), after + TimeSpan.FromHours(6)); // was before + 1 h (stored for 2 h)
    }

    /// <summary>A node on the cluster's network with <paramref name="store"/> and no maintenance timer, joined through node 0.</summary>
    private static Task<IDhtNode> JoinWithStoreAsync(NodeCluster cluster, IRecordStore store, int seed) =>
        cluster.RunAsync(async () =>
        {
            IDhtNode created = await DhtNode.CreateAsync(new DhtNodeOptions
            {
                Config = NodeCluster.FastConfig,
                Transport = cluster.Network.CreateTransport(),
                Signer = NodeSigners.CreateInsecureForSimulation(new Random(seed)),
                TimeProvider = cluster.Time,
                Store = store,
                MaintenanceInterval = null,
            });
            await created.JoinAsync([cluster.Nodes[0].Self.EndPoint]);
            return created;
        });

    /// <summary>An in-memory store that counts reads of single records.</summary>
    private sealed class CountingRecordStore(IRecordStore inner) : IRecordStore, IRecordExpiry
    {
        private long _reads;

        public long Reads { get => Interlocked.Read(ref _reads); set => Interlocked.Exchange(ref _reads, value); }

        public long QuotaBytes => inner.QuotaBytes;

        public long UsedBytes => inner.UsedBytes;

        public long Count => inner.Count;

        public ValueTask<RecordPutOutcome> PutAsync(DhtRecord record, CancellationToken cancellationToken = default) => inner.PutAsync(record, cancellationToken);

        public ValueTask<DhtRecord?> GetAsync(DhtKey key, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _reads);
            return inner.GetAsync(key, cancellationToken);
        }

        public ValueTask<bool> RemoveAsync(DhtKey key, CancellationToken cancellationToken = default) => inner.RemoveAsync(key, cancellationToken);

        public ValueTask<int> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => inner.RemoveExpiredAsync(now, cancellationToken);

        public ValueTask<IReadOnlyList<DhtKey>> KeysAsync(CancellationToken cancellationToken = default) => inner.KeysAsync(cancellationToken);

        public ValueTask<bool> ExtendExpiryAsync(DhtKey key, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default) =>
            ((IRecordExpiry)inner).ExtendExpiryAsync(key, expiresAt, now, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
