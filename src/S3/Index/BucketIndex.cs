using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Zhtp.Storage.S3.Index;

// Implementation notes
// The gateway's own index, one SQLite database (s3/index.db in the data directory; ":memory:" without one), opened
// like the other layers' stores: WAL, synchronous=FULL (an acknowledged PUT must survive a crash), one connection
// behind a lock. Objects are ordered by key with SQLite's BINARY collation, i.e. by the UTF-8 bytes: the order S3
// lists in. The object's bytes are content (its id in `content`); the index is the only place keys are kept, so the
// DHT learns nothing of them.

/// <summary>Buckets, objects, multipart uploads and their parts.</summary>
internal sealed class BucketIndex : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    public BucketIndex(string dataSource)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dataSource, Pooling = false }.ToString());
        _connection.Open();
        try
        {
            Execute(dataSource == ":memory:" ? "" : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
            Execute("""
                CREATE TABLE IF NOT EXISTS buckets (name TEXT PRIMARY KEY, owner TEXT NOT NULL, created INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS objects (bucket TEXT NOT NULL, key TEXT NOT NULL, content TEXT NOT NULL, size INTEGER NOT NULL,
                    etag TEXT NOT NULL, modified INTEGER NOT NULL, headers TEXT NOT NULL, PRIMARY KEY (bucket, key)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS uploads (id TEXT PRIMARY KEY, bucket TEXT NOT NULL, key TEXT NOT NULL, owner TEXT NOT NULL,
                    initiated INTEGER NOT NULL, headers TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS parts (upload TEXT NOT NULL, number INTEGER NOT NULL, etag TEXT NOT NULL, size INTEGER NOT NULL,
                    modified INTEGER NOT NULL, PRIMARY KEY (upload, number)) WITHOUT ROWID;
                """);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    public BucketCreation CreateBucket(string name, string owner, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (GetBucketLocked(name) is { } existing)
            {
                return existing.Owner == owner ? BucketCreation.AlreadyOwnedByYou : BucketCreation.AlreadyExists;
            }

            Execute("INSERT INTO buckets (name, owner, created) VALUES ($a, $b, $c);", name, owner, now.ToUnixTimeMilliseconds());
            return BucketCreation.Created;
        }
    }

    public BucketRecord? GetBucket(string name)
    {
        lock (_lock)
        {
            return GetBucketLocked(name);
        }
    }

    public IReadOnlyList<BucketRecord> ListBuckets(string owner)
    {
        lock (_lock)
        {
            return Query("SELECT name, owner, created FROM buckets WHERE owner = $a ORDER BY name;", ReadBucket, owner);
        }
    }

    /// <summary>Deletes an empty bucket and its unfinished uploads (their ids returned, to remove their parts); null when it holds objects.</summary>
    public IReadOnlyList<string>? DeleteBucket(string name)
    {
        lock (_lock)
        {
            if (Query("SELECT 1 FROM objects WHERE bucket = $a LIMIT 1;", r => r.GetInt64(0), name).Count > 0)
            {
                return null;
            }

            using SqliteTransaction transaction = _connection.BeginTransaction();
            IReadOnlyList<string> uploads = Query("SELECT id FROM uploads WHERE bucket = $a;", r => r.GetString(0), name);
            Execute("DELETE FROM parts WHERE upload IN (SELECT id FROM uploads WHERE bucket = $a); DELETE FROM uploads WHERE bucket = $a; DELETE FROM buckets WHERE name = $a;", name);
            transaction.Commit();
            return uploads;
        }
    }

    public ObjectRecord? GetObject(string bucket, string key)
    {
        lock (_lock)
        {
            return Query("SELECT bucket, key, content, size, etag, modified, headers FROM objects WHERE bucket = $a AND key = $b;", ReadObject, bucket, key).FirstOrDefault();
        }
    }

    /// <summary>Inserts or replaces an object; returns the content id it replaced, if any.</summary>
    public string? PutObject(ObjectRecord record)
    {
        lock (_lock)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            string? previous = Query("SELECT content FROM objects WHERE bucket = $a AND key = $b;", r => r.GetString(0), record.Bucket, record.Key).FirstOrDefault();
            Execute(
                "INSERT OR REPLACE INTO objects (bucket, key, content, size, etag, modified, headers) VALUES ($a, $b, $c, $d, $e, $f, $g);",
                record.Bucket, record.Key, record.ContentId, record.Size, record.ETag, record.LastModified.ToUnixTimeMilliseconds(), JsonSerializer.Serialize(record.Headers));
            transaction.Commit();
            return previous;
        }
    }

    /// <summary>Removes an object; returns it, or null when there was none.</summary>
    public ObjectRecord? DeleteObject(string bucket, string key)
    {
        lock (_lock)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            ObjectRecord? record = Query("SELECT bucket, key, content, size, etag, modified, headers FROM objects WHERE bucket = $a AND key = $b;", ReadObject, bucket, key).FirstOrDefault();
            if (record is not null)
            {
                Execute("DELETE FROM objects WHERE bucket = $a AND key = $b;", bucket, key);
            }

            transaction.Commit();
            return record;
        }
    }

    /// <summary>Up to <paramref name="limit"/> objects of <paramref name="bucket"/> whose key is after <paramref name="after"/> and at least <paramref name="from"/>, in key order.</summary>
    public IReadOnlyList<ObjectRecord> ListObjects(string bucket, string after, string from, int limit)
    {
        lock (_lock)
        {
            return Query(
                "SELECT bucket, key, content, size, etag, modified, headers FROM objects WHERE bucket = $a AND key > $b AND key >= $c ORDER BY key LIMIT $d;",
                ReadObject, bucket, after, from, limit);
        }
    }

    public void CreateUpload(UploadRecord upload)
    {
        lock (_lock)
        {
            Execute(
                "INSERT INTO uploads (id, bucket, key, owner, initiated, headers) VALUES ($a, $b, $c, $d, $e, $f);",
                upload.Id, upload.Bucket, upload.Key, upload.Owner, upload.Initiated.ToUnixTimeMilliseconds(), JsonSerializer.Serialize(upload.Headers));
        }
    }

    public UploadRecord? GetUpload(string id)
    {
        lock (_lock)
        {
            return Query("SELECT id, bucket, key, owner, initiated, headers FROM uploads WHERE id = $a;", ReadUpload, id).FirstOrDefault();
        }
    }

    public IReadOnlyList<UploadRecord> ListUploads(string bucket, string prefix, int limit)
    {
        lock (_lock)
        {
            return Query("SELECT id, bucket, key, owner, initiated, headers FROM uploads WHERE bucket = $a AND key >= $b ORDER BY key, initiated LIMIT $c;", ReadUpload, bucket, prefix, limit)
                .Where(u => u.Key.StartsWith(prefix, StringComparison.Ordinal))
                .ToList();
        }
    }

    /// <summary>Removes an upload and its part records; false when it did not exist (completed or aborted already).</summary>
    public bool DeleteUpload(string id)
    {
        lock (_lock)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            int removed = Execute("DELETE FROM uploads WHERE id = $a;", id);
            Execute("DELETE FROM parts WHERE upload = $a;", id);
            transaction.Commit();
            return removed > 0;
        }
    }

    public void PutPart(string upload, PartRecord part)
    {
        lock (_lock)
        {
            Execute(
                "INSERT OR REPLACE INTO parts (upload, number, etag, size, modified) VALUES ($a, $b, $c, $d, $e);",
                upload, part.Number, part.ETag, part.Size, part.LastModified.ToUnixTimeMilliseconds());
        }
    }

    public IReadOnlyList<PartRecord> ListParts(string upload)
    {
        lock (_lock)
        {
            return Query("SELECT number, etag, size, modified FROM parts WHERE upload = $a ORDER BY number;", r => new PartRecord(r.GetInt32(0), r.GetString(1), r.GetInt64(2), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3))), upload);
        }
    }

    /// <summary>Uploads initiated before <paramref name="cutoff"/> that have had no part written since then either.</summary>
    public IReadOnlyList<string> ListStaleUploadIds(DateTimeOffset cutoff)
    {
        lock (_lock)
        {
            return Query(
                "SELECT id FROM uploads u WHERE initiated < $a AND NOT EXISTS (SELECT 1 FROM parts p WHERE p.upload = u.id AND p.modified >= $a);",
                r => r.GetString(0), cutoff.ToUnixTimeMilliseconds());
        }
    }

    /// <summary>Every upload id (to remove part folders whose upload is gone).</summary>
    public IReadOnlyList<string> ListUploadIds()
    {
        lock (_lock)
        {
            return Query("SELECT id FROM uploads;", r => r.GetString(0));
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _connection.Dispose();
        }
    }

    private static BucketRecord ReadBucket(SqliteDataReader r) => new(r.GetString(0), r.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)));

    private static ObjectRecord ReadObject(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)), ReadHeaders(r.GetString(6)));

    private static UploadRecord ReadUpload(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)), ReadHeaders(r.GetString(5)));

    private static Dictionary<string, string> ReadHeaders(string json) => JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];

    private BucketRecord? GetBucketLocked(string name) => Query("SELECT name, owner, created FROM buckets WHERE name = $a;", ReadBucket, name).FirstOrDefault();

    private SqliteCommand Command(string sql, object[] args)
    {
        SqliteCommand command = _connection.CreateCommand();
#pragma warning disable CA2100 // The SQL is constant text of this class; values are parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        for (int i = 0; i < args.Length; i++)
        {
            command.Parameters.AddWithValue("$" + (char)('a' + i), args[i]);
        }

        return command;
    }

    private int Execute(string sql, params object[] args)
    {
        if (sql.Length == 0)
        {
            return 0;
        }

        using SqliteCommand command = Command(sql, args);
        return command.ExecuteNonQuery();
    }

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params object[] args)
    {
        using SqliteCommand command = Command(sql, args);
        using SqliteDataReader reader = command.ExecuteReader();
        var results = new List<T>();
        while (reader.Read())
        {
            results.Add(read(reader));
        }

        return results;
    }
}
