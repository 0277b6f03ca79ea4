using Zhtp.Storage.Dht.Records;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Records;

/// <summary>The contract every <see cref="IRecordStore"/> keeps; run against each implementation.</summary>
public abstract class RecordStoreContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly INodeSigner _owner = NodeSigners.CreateInsecureForSimulation(new Random(4));

    protected IRecordStore Store { get; private set; } = null!;

    protected abstract IRecordStore Create(long quota);

    public Task InitializeAsync()
    {
        Store = Create(10_000);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Store.DisposeAsync();

    protected static DhtRecord Immutable(string text, DateTimeOffset? expires = null) =>
        RecordValidation.Immutable(System.Text.Encoding.UTF8.GetBytes(text), expires ?? T0.AddHours(1));

    protected DhtRecord Mutable(ulong sequence, string text) =>
        RecordValidation.Mutable(_owner, "name", sequence, System.Text.Encoding.UTF8.GetBytes(text), T0.AddHours(1));

    [Fact]
    public async Task PutAsync_NewRecord_StoredAndReadBack()
    {
        DhtRecord record = Immutable("alpha");

        Assert.Equal(RecordPutOutcome.Stored, await Store.PutAsync(record));
        DhtRecord? read = await Store.GetAsync(record.Key);

        Assert.NotNull(read);
        Assert.Equal(record.Value.ToArray(), read.Value.ToArray());
        Assert.Equal(record.ExpiresAt, read.ExpiresAt);
        Assert.Equal(1, Store.Count);
        Assert.Equal(record.StorageSize, Store.UsedBytes);
    }

    [Fact]
    public async Task PutAsync_SameImmutableAgain_RefreshesExpiry()
    {
        DhtRecord record = Immutable("alpha");
        await Store.PutAsync(record);

        Assert.Equal(RecordPutOutcome.Refreshed, await Store.PutAsync(record with { ExpiresAt = T0.AddHours(5) }));
        Assert.Equal(T0.AddHours(5), (await Store.GetAsync(record.Key))!.ExpiresAt);
        Assert.Equal(record.StorageSize, Store.UsedBytes);
    }

    [Fact]
    public async Task ExtendExpiry_LiveContentAddressedRecord_OnlyLater_NeverMutableMissingOrExpired()
    {
        var expiry = (IRecordExpiry)Store;
        DhtRecord record = Immutable("renewed");
        DhtRecord gone = Immutable("expired", T0.AddMinutes(30));
        DhtRecord mutable = Mutable(1, "mutable");
        await Store.PutAsync(record);
        await Store.PutAsync(gone);
        await Store.PutAsync(mutable);

        Assert.True(await expiry.ExtendExpiryAsync(record.Key, T0.AddHours(5), T0));
        Assert.Equal(T0.AddHours(5), (await Store.GetAsync(record.Key))!.ExpiresAt);
        Assert.True(await expiry.ExtendExpiryAsync(record.Key, T0.AddHours(2), T0)); // held: true, but never shortened
        Assert.Equal(T0.AddHours(5), (await Store.GetAsync(record.Key))!.ExpiresAt);
        Assert.False(await expiry.ExtendExpiryAsync(gone.Key, T0.AddHours(5), T0.AddHours(1)));
        Assert.Equal(T0.AddMinutes(30), (await Store.GetAsync(gone.Key))!.ExpiresAt);
        Assert.False(await expiry.ExtendExpiryAsync(mutable.Key, T0.AddHours(5), T0));
        Assert.Equal(T0.AddHours(1), (await Store.GetAsync(mutable.Key))!.ExpiresAt);
        Assert.False(await expiry.ExtendExpiryAsync(Immutable("absent").Key, T0.AddHours(5), T0));
        Assert.Equal(record.Value.ToArray(), (await Store.GetAsync(record.Key))!.Value.ToArray());
        Assert.Equal(3, Store.Count);
    }

    [Fact]
    public async Task PutAsync_HigherSequence_ReplacesAndLowerIsRefused()
    {
        await Store.PutAsync(Mutable(2, "two"));

        Assert.Equal(RecordPutOutcome.Replaced, await Store.PutAsync(Mutable(3, "three!")));
        Assert.Equal(RecordPutOutcome.RefusedOlderSequence, await Store.PutAsync(Mutable(1, "one")));
        DhtRecord? held = await Store.GetAsync(Mutable(3, "x").Key);
        Assert.Equal(3UL, held!.Sequence);
        Assert.Equal("three!"u8.ToArray(), held.Value.ToArray());
        Assert.Equal(held.StorageSize, Store.UsedBytes);
    }

    [Fact]
    public async Task PutAsync_BeyondQuota_StorageFullAndNothingChanges()
    {
        await using IRecordStore small = Create(100);
        DhtRecord fits = Immutable(new string('a', 60));
        DhtRecord tooMuch = Immutable(new string('b', 60));

        Assert.Equal(RecordPutOutcome.Stored, await small.PutAsync(fits));
        Assert.Equal(RecordPutOutcome.StorageFull, await small.PutAsync(tooMuch));
        Assert.Null(await small.GetAsync(tooMuch.Key));
        Assert.Equal(60, small.UsedBytes);
    }

    [Fact]
    public async Task RemoveExpiredAsync_DropsOnlyExpired()
    {
        DhtRecord old = Immutable("old", T0.AddMinutes(1));
        DhtRecord fresh = Immutable("fresh", T0.AddHours(1));
        await Store.PutAsync(old);
        await Store.PutAsync(fresh);

        Assert.Equal(1, await Store.RemoveExpiredAsync(T0.AddMinutes(2)));
        Assert.Null(await Store.GetAsync(old.Key));
        Assert.NotNull(await Store.GetAsync(fresh.Key));
        Assert.Equal(fresh.StorageSize, Store.UsedBytes);
        Assert.Equal([fresh.Key], await Store.KeysAsync());
    }

    [Fact]
    public async Task RemoveAsync_HeldRecord_FreesQuota()
    {
        DhtRecord record = Immutable("gone");
        await Store.PutAsync(record);

        Assert.True(await Store.RemoveAsync(record.Key));
        Assert.False(await Store.RemoveAsync(record.Key));
        Assert.Equal(0, Store.UsedBytes);
        Assert.Equal(0, Store.Count);
    }

    [Fact]
    public async Task PutAsync_PublishedFlag_SurvivesRefreshFromOthers()
    {
        DhtRecord record = Immutable("mine") with { PublishedLocally = true };
        await Store.PutAsync(record);
        await Store.PutAsync(record with { PublishedLocally = false, ExpiresAt = T0.AddHours(3) });

        Assert.True((await Store.GetAsync(record.Key))!.PublishedLocally);
    }
}

public sealed class MemoryRecordStoreTests : RecordStoreContractTests
{
    protected override IRecordStore Create(long quota) => RecordStores.InMemory(quota);
}

public sealed class SqliteRecordStoreTests : RecordStoreContractTests, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "zhtp-dht-store-" + Guid.NewGuid().ToString("N"));
    private int _instances;

    protected override IRecordStore Create(long quota) => RecordStores.OpenSqlite(Path.Combine(_directory, (_instances++).ToString()), quota);

    [Fact]
    public async Task GetPooled_LargeAndSmallValues_MatchGetAsync_AndBufferGoesBack()
    {
        await using IRecordStore store = RecordStores.OpenSqlite(Path.Combine(_directory, "pooled"), 10L << 20);
        DhtRecord large = RecordValidation.Immutable(Enumerable.Range(0, 300_000).Select(i => (byte)(i * 13)).ToArray(), T0.AddHours(1));
        DhtRecord small = Immutable("inline");
        await store.PutAsync(large);
        await store.PutAsync(small);
        var pooled = (IPooledRecordSource)store;

        DhtRecord? readLarge = pooled.GetPooled(large.Key, out IDisposable? largeBuffer);
        DhtRecord? readSmall = pooled.GetPooled(small.Key, out IDisposable? smallBuffer);

        Assert.Equal(large.Value.ToArray(), readLarge!.Value.ToArray());
        Assert.Equal(small.Value.ToArray(), readSmall!.Value.ToArray());
        Assert.NotNull(largeBuffer); // a large value comes in a rented array
        Assert.Null(smallBuffer);    // an inline value is the row's own array
        Assert.Null(pooled.GetPooled(Immutable("absent").Key, out IDisposable? none));
        Assert.Null(none);
        largeBuffer.Dispose();
    }

    [Fact]
    public async Task ExtendExpiry_IsDurable_AcrossReopen()
    {
        string path = Path.Combine(_directory, "extend");
        DhtRecord large = RecordValidation.Immutable(Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7)).ToArray(), T0.AddHours(1));
        await using (IRecordStore first = RecordStores.OpenSqlite(path, 1 << 20))
        {
            await first.PutAsync(large);
            Assert.True(await ((IRecordExpiry)first).ExtendExpiryAsync(large.Key, T0.AddDays(2), T0));
        }

        await using IRecordStore second = RecordStores.OpenSqlite(path, 1 << 20);
        DhtRecord? read = await second.GetAsync(large.Key);
        Assert.Equal(T0.AddDays(2), read!.ExpiresAt);
        Assert.Equal(large.Value.ToArray(), read.Value.ToArray());
    }

    [Fact]
    public async Task Reopen_AfterPuts_RecordsAndUsageSurvive()
    {
        string path = Path.Combine(_directory, "reopen");
        DhtRecord small = Immutable("persisted");
        DhtRecord large = RecordValidation.Immutable(Enumerable.Range(0, 200_000).Select(i => (byte)i).ToArray(), T0.AddHours(1));
        await using (IRecordStore first = RecordStores.OpenSqlite(path, 1 << 20))
        {
            await first.PutAsync(small);
            await first.PutAsync(large);
        }

        await using IRecordStore second = RecordStores.OpenSqlite(path, 1 << 20);

        Assert.Equal(2, second.Count);
        Assert.Equal(small.StorageSize + large.StorageSize, second.UsedBytes);
        Assert.Equal(large.Value.ToArray(), (await second.GetAsync(large.Key))!.Value.ToArray());
        Assert.Equal(small.Value.ToArray(), (await second.GetAsync(small.Key))!.Value.ToArray());
        Assert.Empty(Directory.GetFiles(Path.Combine(path, "values"))); // no value files: small values in the database, large in a pack
        Assert.Single(Directory.GetFiles(Path.Combine(path, "packs")));
    }

    [Fact]
    public async Task ConcurrentPuts_AreGroupCommitted_AndAllSurviveReopen()
    {
        string path = Path.Combine(_directory, "group");
        DhtRecord[] records = Enumerable.Range(0, 64)
            .Select(i => RecordValidation.Immutable(Enumerable.Range(0, 100_000).Select(b => (byte)(b ^ i)).ToArray(), T0.AddHours(1)))
            .ToArray();
        await using (SqliteRecordStore store = SqliteRecordStore.Open(path, 100L << 20))
        {
            RecordPutOutcome[] outcomes = await Task.WhenAll(records.Select(r => store.PutAsync(r).AsTask())).WaitAsync(TimeSpan.FromSeconds(60));

            Assert.All(outcomes, o => Assert.Equal(RecordPutOutcome.Stored, o));
            Assert.Equal(64, store.CommittedPuts);
            Assert.InRange(store.CommittedBatches, 1, 63); // puts that arrived while a batch committed shared the next commit
        }

        await using SqliteRecordStore reopened = SqliteRecordStore.Open(path, 100L << 20);
        Assert.Equal(64, reopened.Count);
        Assert.Equal(records.Sum(r => r.StorageSize), reopened.UsedBytes);
        foreach (DhtRecord record in records)
        {
            Assert.Equal(record.Value.ToArray(), (await reopened.GetAsync(record.Key))!.Value.ToArray());
        }
    }

    [Fact]
    public async Task FailingCommit_FailsItsPutsWithTypedException_KeepsNothingOfThem_AndTheStoreGoesOn()
    {
        string path = Path.Combine(_directory, "failing");
        DhtRecord[] records = Enumerable.Range(0, 16).Select(i => Immutable("doomed " + i)).ToArray();
        DhtRecord later = Immutable("after the failure");
        await using (SqliteRecordStore store = SqliteRecordStore.Open(path, 1 << 20))
        {
            // A trigger in the database makes every insert fail, as a full disk or an I/O error would.
            ExecuteOn(path, "CREATE TRIGGER refuse BEFORE INSERT ON records BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");
            Task<RecordPutOutcome>[] puts = records.Select(r => store.PutAsync(r).AsTask()).ToArray();
            foreach (Task<RecordPutOutcome> put in puts)
            {
                RecordStoreWriteException e = await Assert.ThrowsAsync<RecordStoreWriteException>(() => put.WaitAsync(TimeSpan.FromSeconds(30)));
                Assert.Contains("injected failure", e.Message, StringComparison.Ordinal);
            }

            Assert.Equal(0, store.Count);
            Assert.Equal(0, store.UsedBytes);
            Assert.Equal(0, store.CommittedBatches);

            ExecuteOn(path, "DROP TRIGGER refuse;");
            Assert.Equal(RecordPutOutcome.Stored, await store.PutAsync(later));
        }

        await using SqliteRecordStore reopened = SqliteRecordStore.Open(path, 1 << 20);
        Assert.Equal([later.Key], await reopened.KeysAsync());
        Assert.Equal(later.StorageSize, reopened.UsedBytes);
    }

    [Fact]
    public async Task ExpiryScan_Renewals_Refreshes_AndGets_DoNotReadHeldValues()
    {
        // 16 values of 256 KiB: 1,024 database pages of values. Reopened, so no page is in either connection's cache.
        string path = Path.Combine(_directory, "pages");
        DhtRecord[] records = Enumerable.Range(0, 16).Select(i => RecordValidation.Immutable(RandomBytes(i, 256 * 1024), T0.AddHours(1))).ToArray();
        await using (SqliteRecordStore first = SqliteRecordStore.Open(path, 64L << 20))
        {
            foreach (DhtRecord record in records)
            {
                Assert.Equal(RecordPutOutcome.Stored, await first.PutAsync(record));
            }
        }

        const long ValuePages = 16 * 256 * 1024 / 4096;
        await using SqliteRecordStore store = SqliteRecordStore.Open(path, 64L << 20);
        store.TakePagesRead();

        // The DHT maintenance pass's expiry scan (every minute): it read every value through its overflow pages.
        Assert.Equal(0, await store.RemoveExpiredAsync(T0));
        long scan = store.TakePagesRead();

        // Holders' renewals by key, and puts of records already held (refreshes): each read its value.
        foreach (DhtRecord record in records)
        {
            Assert.True(await store.ExtendExpiryAsync(record.Key, T0.AddHours(2), T0));
        }

        long renewals = store.TakePagesRead();
        foreach (DhtRecord record in records)
        {
            Assert.Equal(RecordPutOutcome.Refreshed, await store.PutAsync(record with { ExpiresAt = T0.AddHours(3) }));
        }

        long refreshes = store.TakePagesRead();

        // A get reads its value once, by blob I/O straight from the file (not counted here); it walked over the
        // value's 64 pages through the page cache first to reach the columns after it.
        DhtRecord? read = store.GetPooled(records[3].Key, out IDisposable? buffer);
        long get = store.TakePagesRead();
        Assert.Equal(records[3].Value.ToArray(), read!.Value.ToArray());
        Assert.Equal(T0.AddHours(3), read.ExpiresAt);
        buffer?.Dispose();

        Assert.True(scan < ValuePages / 20, $"the expiry scan read {scan} pages of {ValuePages} pages of values");
        Assert.True(renewals < ValuePages / 20, $"16 renewals read {renewals} pages of {ValuePages} pages of values");
        Assert.True(refreshes < ValuePages / 20, $"16 refreshing puts read {refreshes} pages of {ValuePages} pages of values");
        Assert.True(get < ValuePages / 16 / 8, $"a get read {get} pages through the cache for a value of {ValuePages / 16} pages");
    }

    [Fact]
    public async Task ReplaceAndRemove_LeaveNoValueBehind_RowsGone_PackBlocksZeroed()
    {
        string path = Path.Combine(_directory, "value-rows");
        INodeSigner owner = NodeSigners.CreateInsecureForSimulation(new Random(9));
        DhtRecord first = RecordValidation.Mutable(owner, "n", 1, RandomBytes(1, 100_000), T0.AddHours(1));
        DhtRecord second = RecordValidation.Mutable(owner, "n", 2, RandomBytes(2, 90_000), T0.AddHours(1));
        DhtRecord other = RecordValidation.Immutable(RandomBytes(3, 1_000), T0.AddHours(1));
        DhtRecord expiring = RecordValidation.Immutable(RandomBytes(4, 70_000), T0.AddMinutes(1));
        await using (SqliteRecordStore store = SqliteRecordStore.Open(path, 1 << 20))
        {
            await store.PutAsync(first);
            await store.PutAsync(other);
            await store.PutAsync(expiring);
            Assert.Equal(RecordPutOutcome.Replaced, await store.PutAsync(second));
            Assert.True(await store.RemoveAsync(other.Key));
            Assert.Equal(1, await store.RemoveExpiredAsync(T0.AddMinutes(2)));
            Assert.Equal(second.Value.ToArray(), (await store.GetAsync(second.Key))!.Value.ToArray());
            Assert.Equal(second.StorageSize, store.UsedBytes);
        }

        Assert.Equal(0L, ScalarOn(path, "SELECT COUNT(*) FROM record_values;")); // the one small value was removed
        Assert.Equal(1L, ScalarOn(path, "SELECT COUNT(*) FROM records WHERE pack IS NOT NULL;"));
        long offset = (long)ScalarOn(path, "SELECT pack_offset FROM records;")!;

        // One pack; the replaced and the expired values' blocks were freed (they read as zeros), the live one is intact.
        byte[] pack = File.ReadAllBytes(Assert.Single(Directory.GetFiles(Path.Combine(path, "packs"))));
        Assert.Equal(second.Value.ToArray(), pack.AsSpan((int)offset, second.Value.Length).ToArray());
        pack.AsSpan((int)offset, second.Value.Length).Clear();
        Assert.True(pack.AsSpan().IndexOfAnyExcept((byte)0) < 0, "bytes of a removed value are still in the pack");
    }

    [Fact]
    public async Task LargeValues_AppendToOnePack_AFailedBatchGivesItsPlaceBack_AndUncommittedBytesAreCutAtOpen()
    {
        string path = Path.Combine(_directory, "pack-batches");
        DhtRecord[] kept = Enumerable.Range(0, 3).Select(i => RecordValidation.Immutable(RandomBytes(10 + i, 80_000 + i), T0.AddHours(1))).ToArray();
        DhtRecord doomed = RecordValidation.Immutable(RandomBytes(20, 200_000), T0.AddHours(1));
        DhtRecord after = RecordValidation.Immutable(RandomBytes(21, 90_000), T0.AddHours(1));
        string packFile;
        await using (SqliteRecordStore store = SqliteRecordStore.Open(path, 16L << 20))
        {
            foreach (DhtRecord record in kept)
            {
                Assert.Equal(RecordPutOutcome.Stored, await store.PutAsync(record));
            }

            ExecuteOn(path, "CREATE TRIGGER refuse BEFORE INSERT ON records BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");
            await Assert.ThrowsAsync<RecordStoreWriteException>(() => store.PutAsync(doomed).AsTask());
            ExecuteOn(path, "DROP TRIGGER refuse;");
            Assert.Equal(RecordPutOutcome.Stored, await store.PutAsync(after));
            Assert.Equal(1, store.PackCount);
            packFile = Assert.Single(Directory.GetFiles(Path.Combine(path, "packs")));
        }

        // Each value starts at a 4 KiB boundary right after the one before; the failed batch's place was given back.
        long[] offsets = [.. kept.Append(after).Select(r => (long)ScalarOn(path, $"SELECT pack_offset FROM records WHERE key = x'{r.Key.Value}';")!)];
        Assert.Equal([0L, 81_920, 163_840, 245_760], offsets);
        long end = offsets[^1] + after.Value.Length;
        Assert.Equal(end, new FileInfo(packFile).Length);

        // A crash after a batch's append but before its commit leaves bytes no row names at the end of the pack.
        await File.AppendAllTextAsync(packFile, new string('x', 10_000));
        await using SqliteRecordStore reopened = SqliteRecordStore.Open(path, 16L << 20);
        Assert.Equal(end, new FileInfo(packFile).Length);
        foreach (DhtRecord record in kept.Append(after))
        {
            Assert.Equal(record.Value.ToArray(), (await reopened.GetAsync(record.Key))!.Value.ToArray());
            DhtRecord? pooled = reopened.GetPooled(record.Key, out IDisposable? buffer);
            Assert.Equal(record.Value.ToArray(), pooled!.Value.ToArray());
            Assert.NotNull(buffer);
            buffer.Dispose();
        }

        Assert.Null(await reopened.GetAsync(doomed.Key));
    }

    [Fact]
    public async Task FailedBatch_ThatRolledToANewPack_GivesThatPacksPlaceBack()
    {
        string path = Path.Combine(_directory, "pack-roll-fail");
        DhtRecord[] first = Enumerable.Range(0, 2).Select(i => RecordValidation.Immutable(RandomBytes(40 + i, 100_000), T0.AddHours(1))).ToArray();
        DhtRecord doomed = RecordValidation.Immutable(RandomBytes(42, 100_000), T0.AddHours(1));
        DhtRecord after = RecordValidation.Immutable(RandomBytes(43, 100_000), T0.AddHours(1));
        await using SqliteRecordStore store = SqliteRecordStore.Open(path, 16L << 20, packLimit: 256 * 1024);
        foreach (DhtRecord record in first)
        {
            await store.PutAsync(record);
        }

        ExecuteOn(path, "CREATE TRIGGER refuse BEFORE INSERT ON records BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");
        await Assert.ThrowsAsync<RecordStoreWriteException>(() => store.PutAsync(doomed).AsTask()); // would have opened pack 2
        ExecuteOn(path, "DROP TRIGGER refuse;");
        Assert.Equal(RecordPutOutcome.Stored, await store.PutAsync(after));

        long firstPack = (long)ScalarOn(path, $"SELECT pack FROM records WHERE key = x'{first[0].Key.Value}';")!;
        Assert.Equal(firstPack + 1, (long)ScalarOn(path, $"SELECT pack FROM records WHERE key = x'{after.Key.Value}';")!);
        Assert.Equal(0L, (long)ScalarOn(path, $"SELECT pack_offset FROM records WHERE key = x'{after.Key.Value}';")!);
        Assert.Equal(after.Value.ToArray(), (await store.GetAsync(after.Key))!.Value.ToArray());
    }

    [Fact]
    public async Task Packs_RollOverAtTheLimit_AnEmptiedPackIsDeleted_TheOneAppendedToAtOpenTime()
    {
        string path = Path.Combine(_directory, "pack-roll");
        DhtRecord[] records = Enumerable.Range(0, 4).Select(i => RecordValidation.Immutable(RandomBytes(30 + i, 100_000), T0.AddHours(1))).ToArray();
        await using (SqliteRecordStore store = SqliteRecordStore.Open(path, 16L << 20, packLimit: 256 * 1024))
        {
            foreach (DhtRecord record in records)
            {
                Assert.Equal(RecordPutOutcome.Stored, await store.PutAsync(record));
            }

            Assert.Equal(2, store.PackCount); // two values of 100 KB (102,400 with padding) per pack of 256 KiB

            Assert.True(await store.RemoveAsync(records[0].Key));
            Assert.Equal(2, store.PackCount);
            Assert.Equal(records[1].Value.ToArray(), (await store.GetAsync(records[1].Key))!.Value.ToArray());
            Assert.True(await store.RemoveAsync(records[1].Key));
            Assert.Equal(1, store.PackCount); // emptied, and no longer appended to

            Assert.True(await store.RemoveAsync(records[2].Key));
            Assert.True(await store.RemoveAsync(records[3].Key));
            Assert.Equal(1, store.PackCount); // emptied, but still the pack being appended to
        }

        await using SqliteRecordStore reopened = SqliteRecordStore.Open(path, 16L << 20, packLimit: 256 * 1024);
        Assert.Equal(0, reopened.PackCount); // no row names it
        Assert.Equal(0, reopened.Count);
    }

    private static byte[] RandomBytes(int seed, int length)
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static object? ScalarOn(string storeDirectory, string sql)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(storeDirectory, "records.db")};Pooling=False");
        connection.Open();
        using Microsoft.Data.Sqlite.SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Fact]
    public async Task Open_OrphanValueFile_IsRemoved()
    {
        string path = Path.Combine(_directory, "orphan");
        await using (IRecordStore first = RecordStores.OpenSqlite(path, 1 << 20))
        {
        }

        File.WriteAllBytes(Path.Combine(path, "values", "dead.bin.tmp"), [1, 2, 3]);
        await using IRecordStore second = RecordStores.OpenSqlite(path, 1 << 20);

        Assert.Empty(Directory.GetFiles(Path.Combine(path, "values")));
    }

    private static void ExecuteOn(string storeDirectory, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(storeDirectory, "records.db")};Pooling=False");
        connection.Open();
        using Microsoft.Data.Sqlite.SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
