using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Records;

/// <summary>
/// A record store directory written by the previous SQLite (3.35.5, Microsoft.Data.Sqlite 6.0.0;
/// Records/Fixtures/sqlite-3.35, see its README) opened by the current code: every record comes
/// back exactly, the large value from its file, and the store takes new writes.
/// </summary>
public sealed class SqliteRecordStoreFixtureTests : IDisposable
{
    private static readonly DateTimeOffset Expires = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "zhtp-dht-fixture-" + Guid.NewGuid().ToString("N"));

    public SqliteRecordStoreFixtureTests() => CopyDirectory(Path.Combine(AppContext.BaseDirectory, "Records", "Fixtures", "sqlite-3.35"), _directory);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task OpenSqlite_StoreWrittenBySqlite335_ReturnsEveryRecordExactly()
    {
        await using IRecordStore store = RecordStores.OpenSqlite(_directory, 10_000_000);
        Assert.Equal(5, store.Count);
        Assert.Equal((3 * 15) + 114 + 65_537, store.UsedBytes);
        Assert.Equal(new[] { Key(0), Key(1), Key(2), Key(10), Key(20) }.Order(), (await store.KeysAsync()).Order());

        for (int i = 0; i < 3; i++)
        {
            DhtRecord immutable = Assert.IsType<DhtRecord>(await store.GetAsync(Key(i)));
            Assert.Equal(RecordKind.Immutable, immutable.Kind);
            Assert.Equal([.. "fixture value "u8, (byte)('0' + i)], immutable.Value.ToArray());
            Assert.Equal(Expires, immutable.ExpiresAt);
            Assert.False(immutable.PublishedLocally);
        }

        DhtRecord mutable = Assert.IsType<DhtRecord>(await store.GetAsync(Key(10)));
        Assert.Equal(RecordKind.Mutable, mutable.Kind);
        Assert.Equal("mutable v7"u8.ToArray(), mutable.Value.ToArray());
        Assert.Equal(Bytes(11, 33), mutable.Owner.ToArray());
        Assert.Equal(1, mutable.OwnerAlgorithm);
        Assert.Equal("profile", mutable.Name);
        Assert.Equal(7ul, mutable.Sequence);
        Assert.Equal(Bytes(12, 64), mutable.Signature.ToArray());
        Assert.Equal(Expires, mutable.ExpiresAt);
        Assert.True(mutable.PublishedLocally);

        DhtRecord large = Assert.IsType<DhtRecord>(await store.GetAsync(Key(20)));
        Assert.Equal(LargeValue(), large.Value.ToArray());
    }

    [Fact]
    public async Task OpenSqlite_StoreWrittenBySqlite335_TakesNewWritesThatSurviveReopen()
    {
        byte[] bigger = [.. LargeValue(), .. LargeValue()];
        await using (IRecordStore store = RecordStores.OpenSqlite(_directory, 10_000_000))
        {
            Assert.Equal(RecordPutOutcome.Stored, await store.PutAsync(new DhtRecord { Key = Key(40), Kind = RecordKind.Immutable, Value = "written by 3.53"u8.ToArray(), ExpiresAt = Expires }));
            Assert.Equal(RecordPutOutcome.Stored, await store.PutAsync(new DhtRecord { Key = Key(41), Kind = RecordKind.Immutable, Value = bigger, ExpiresAt = Expires }));
            Assert.True(await store.RemoveAsync(Key(0)));
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using IRecordStore reopened = RecordStores.OpenSqlite(_directory, 10_000_000);
        Assert.Equal(6, reopened.Count);
        Assert.Null(await reopened.GetAsync(Key(0)));
        Assert.Equal("written by 3.53"u8.ToArray(), (await reopened.GetAsync(Key(40)))!.Value.ToArray());
        Assert.Equal(bigger, (await reopened.GetAsync(Key(41)))!.Value.ToArray());
        Assert.Equal(LargeValue(), (await reopened.GetAsync(Key(20)))!.Value.ToArray());
    }

    // The generator's seeded inputs (see the fixture README).
    private static DhtKey Key(int i) => new(Bytes(i, 32));

    private static byte[] Bytes(int seed, int length)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        return b;
    }

    private static byte[] LargeValue()
    {
        byte[] large = new byte[(64 * 1024) + 1];
        for (int i = 0; i < large.Length; i++)
        {
            large[i] = (byte)(i * 31 % 251);
        }

        return large;
    }

    private static void CopyDirectory(string from, string to)
    {
        Assert.True(File.Exists(Path.Combine(from, "records.db")), $"fixture missing: {from}");
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith(".md", StringComparison.Ordinal))
            {
                continue;
            }

            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
