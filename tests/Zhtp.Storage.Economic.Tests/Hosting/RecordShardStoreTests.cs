using Microsoft.Extensions.Time.Testing;

namespace Zhtp.Storage.Economic.Tests;

/// <summary>
/// <see cref="EconomicHosting.ShardsIn"/>: keeping a contract's shards for its term extends their records' expiry by key
/// (the value is not read) on stores that can, and by get and put on stores that cannot; never shortens a life and never
/// brings back an expired record or touches a mutable one.
/// </summary>
public sealed class RecordShardStoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly string _directory = Directory.CreateTempSubdirectory("zhtp-shardstore-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    public static TheoryData<string> Stores => ["memory", "sqlite"];

    private IRecordStore Open(string kind) =>
        kind == "memory" ? RecordStores.InMemory(1L << 30) : RecordStores.OpenSqlite(_directory, 1L << 30);

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Stores))]
    public async Task KeepUntil_OnTheNodesStores_ExtendsByKey_WithoutReadingTheValue(string kind)
    {
        await using var inner = Open(kind);
        var counting = new CountingStore(inner);
        IShardStore shards = EconomicHosting.ShardsIn(counting, _time);
        DhtRecord record = Shard(seed: 1, 200_000, Start + TimeSpan.FromHours(1)); // over 64 KiB: in a pack file on SQLite
        await inner.PutAsync(record, Timeout);

        await shards.KeepUntilAsync(record.Key.Value, Start + TimeSpan.FromDays(30), Timeout);
        await shards.KeepUntilAsync(record.Key.Value, Start + TimeSpan.FromDays(2), Timeout); // earlier: no change

        Assert.Equal(0, counting.Gets);
        Assert.Equal(0, counting.Puts);
        Assert.Equal(2, counting.Extends);
        DhtRecord held = (await inner.GetAsync(record.Key, Timeout))!;
        Assert.Equal(Start + TimeSpan.FromDays(30), held.ExpiresAt);
        Assert.True(held.Value.Span.SequenceEqual(record.Value.Span));
    }

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Stores))]
    public async Task KeepUntil_DoesNotBringBackAnExpiredRecord_OrTouchAMutableOne(string kind)
    {
        await using var store = Open(kind);
        IShardStore shards = EconomicHosting.ShardsIn(store, _time);
        DhtRecord expired = Shard(seed: 2, 1_000, Start + TimeSpan.FromMinutes(5));
        DhtRecord mutable = Shard(seed: 3, 1_000, Start + TimeSpan.FromHours(1)) with { Kind = RecordKind.Mutable };
        await store.PutAsync(expired, Timeout);
        await store.PutAsync(mutable, Timeout);
        _time.Advance(TimeSpan.FromMinutes(10));

        await shards.KeepUntilAsync(expired.Key.Value, Start + TimeSpan.FromDays(30), Timeout);
        await shards.KeepUntilAsync(mutable.Key.Value, Start + TimeSpan.FromDays(30), Timeout);
        await shards.KeepUntilAsync(Blake3Hashing.Compute([9, 9, 9]), Start + TimeSpan.FromDays(30), Timeout); // not held

        Assert.Equal(expired.ExpiresAt, (await store.GetAsync(expired.Key, Timeout))!.ExpiresAt);
        Assert.Equal(mutable.ExpiresAt, (await store.GetAsync(mutable.Key, Timeout))!.ExpiresAt);
        Assert.Equal(1, await store.RemoveExpiredAsync(_time.GetUtcNow(), Timeout));
    }

    [Fact(Timeout = 30_000)]
    public async Task KeepUntil_OnAStoreWithoutExpiryByKey_GetsAndPutsTheRecord_UnderTheSameRules()
    {
        await using var inner = RecordStores.InMemory(1L << 30);
        var plain = new PlainStore(inner);
        IShardStore shards = EconomicHosting.ShardsIn(plain, _time);
        DhtRecord live = Shard(seed: 4, 1_000, Start + TimeSpan.FromHours(1));
        DhtRecord expired = Shard(seed: 5, 1_000, Start + TimeSpan.FromMinutes(5));
        await inner.PutAsync(live, Timeout);
        await inner.PutAsync(expired, Timeout);
        _time.Advance(TimeSpan.FromMinutes(10));

        await shards.KeepUntilAsync(live.Key.Value, Start + TimeSpan.FromDays(30), Timeout);
        await shards.KeepUntilAsync(live.Key.Value, Start + TimeSpan.FromDays(2), Timeout);
        await shards.KeepUntilAsync(expired.Key.Value, Start + TimeSpan.FromDays(30), Timeout);

        Assert.Equal(Start + TimeSpan.FromDays(30), (await inner.GetAsync(live.Key, Timeout))!.ExpiresAt);
        Assert.Equal(expired.ExpiresAt, (await inner.GetAsync(expired.Key, Timeout))!.ExpiresAt);
        Assert.Equal(1, plain.Puts);
    }

    private static DhtRecord Shard(int seed, int length, DateTimeOffset expiresAt)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return new DhtRecord { Key = new DhtKey(Blake3Hashing.Compute(bytes)), Kind = RecordKind.Immutable, Value = bytes, ExpiresAt = expiresAt };
    }

    /// <summary>A store that can extend by key, counting what the shard store asks of it.</summary>
    private sealed class CountingStore(IRecordStore inner) : PlainStore(inner), IRecordExpiry
    {
        public int Extends;

        public ValueTask<bool> ExtendExpiryAsync(DhtKey key, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Extends);
            return ((IRecordExpiry)Inner).ExtendExpiryAsync(key, expiresAt, now, cancellationToken);
        }
    }

    /// <summary>A store with only <see cref="IRecordStore"/> (a user's own, say).</summary>
    private class PlainStore(IRecordStore inner) : IRecordStore
    {
        public int Gets;
        public int Puts;

        protected IRecordStore Inner => inner;

        public long QuotaBytes => inner.QuotaBytes;

        public long UsedBytes => inner.UsedBytes;

        public long Count => inner.Count;

        public ValueTask<RecordPutOutcome> PutAsync(DhtRecord record, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Puts);
            return inner.PutAsync(record, cancellationToken);
        }

        public ValueTask<DhtRecord?> GetAsync(DhtKey key, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Gets);
            return inner.GetAsync(key, cancellationToken);
        }

        public ValueTask<bool> RemoveAsync(DhtKey key, CancellationToken cancellationToken = default) => inner.RemoveAsync(key, cancellationToken);

        public ValueTask<int> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => inner.RemoveExpiredAsync(now, cancellationToken);

        public ValueTask<IReadOnlyList<DhtKey>> KeysAsync(CancellationToken cancellationToken = default) => inner.KeysAsync(cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask; // the inner store belongs to the test
    }
}
