using System.Buffers;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Win32.SafeHandles;
using Zhtp.Storage.Dht.Wire;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Records;

// Implementation notes
// One SQLite database (WAL, synchronous=FULL so an acknowledged Put survives power loss) with a
// row per record. Values above LargeValueThreshold live in files under values/, written to a
// temporary name, fsynced and renamed before the row that names them commits, so a crash leaves
// either the old record or the new one, never a torn value (orphan files are removed on open).
// One connection guarded by a lock: record operations are small and the node is I/O-light.

/// <summary>An <see cref="IRecordStore"/> persisted in a directory.</summary>
internal sealed class SqliteRecordStore : IRecordStore, IPooledRecordSource
{
    /// <summary>Values larger than this are kept in files rather than in the database.</summary>
    public const int LargeValueThreshold = 64 * 1024;

    private readonly SqliteConnection _connection;
    private readonly string _valuesDirectory;
    private readonly Lock _lock = new();
    private long _used;
    private long _count;

    private SqliteRecordStore(string directory, long quotaBytes)
    {
        QuotaBytes = quotaBytes;
        Directory.CreateDirectory(directory);
        _valuesDirectory = Path.Combine(directory, "values");
        Directory.CreateDirectory(_valuesDirectory);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "records.db") }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=FULL;");
        Execute(
            "CREATE TABLE IF NOT EXISTS records (key BLOB PRIMARY KEY, kind INTEGER NOT NULL, value BLOB, file TEXT, owner BLOB, alg INTEGER NOT NULL, " +
            "name TEXT NOT NULL, seq INTEGER NOT NULL, sig BLOB, expires INTEGER NOT NULL, published INTEGER NOT NULL, size INTEGER NOT NULL);");
        using (SqliteCommand totals = Command("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM records;"))
        using (SqliteDataReader reader = totals.ExecuteReader())
        {
            reader.Read();
            _count = reader.GetInt64(0);
            _used = reader.GetInt64(1);
        }

        RemoveOrphanFiles();
    }

    public long QuotaBytes { get; }

    public long UsedBytes => Interlocked.Read(ref _used);

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Opens (creating if needed) the store in <paramref name="directory"/>.</summary>
    public static SqliteRecordStore Open(string directory, long quotaBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(quotaBytes);
        return new SqliteRecordStore(directory, quotaBytes);
    }

    public ValueTask<RecordPutOutcome> PutAsync(DhtRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock)
        {
            (DhtRecord? held, string? heldFile) = Load(record.Key);
            RecordPutOutcome outcome = RecordRules.Decide(held, record, _used, QuotaBytes);
            if (outcome == RecordPutOutcome.Refreshed)
            {
                DhtRecord refreshed = RecordRules.Refresh(held!, record);
                using SqliteCommand update = Command("UPDATE records SET expires = $e, published = $p WHERE key = $k;");
                update.Parameters.AddWithValue("$e", refreshed.ExpiresAt.ToUnixTimeMilliseconds());
                update.Parameters.AddWithValue("$p", refreshed.PublishedLocally ? 1 : 0);
                update.Parameters.AddWithValue("$k", record.Key.Value.ToArray());
                update.ExecuteNonQuery();
            }
            else if (outcome is RecordPutOutcome.Stored or RecordPutOutcome.Replaced)
            {
                Write(record with { PublishedLocally = record.PublishedLocally || (held?.PublishedLocally ?? false) });
                if (heldFile is not null)
                {
                    File.Delete(Path.Combine(_valuesDirectory, heldFile));
                }

                _used += record.StorageSize - (held?.StorageSize ?? 0);
                _count += held is null ? 1 : 0;
            }

            return ValueTask.FromResult(outcome);
        }
    }

    public ValueTask<DhtRecord?> GetAsync(DhtKey key, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(Load(key).Record);
        }
    }

    public ValueTask<bool> RemoveAsync(DhtKey key, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            (DhtRecord? held, string? file) = Load(key);
            if (held is null)
            {
                return ValueTask.FromResult(false);
            }

            Delete(key, held, file);
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<int> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var expired = new List<DhtKey>();
            using (SqliteCommand select = Command("SELECT key FROM records WHERE expires <= $now;"))
            {
                select.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
                using SqliteDataReader reader = select.ExecuteReader();
                while (reader.Read())
                {
                    expired.Add(new DhtKey((byte[])reader[0]));
                }
            }

            foreach (DhtKey key in expired)
            {
                (DhtRecord? held, string? file) = Load(key);
                if (held is not null)
                {
                    Delete(key, held, file);
                }
            }

            return ValueTask.FromResult(expired.Count);
        }
    }

    public ValueTask<IReadOnlyList<DhtKey>> KeysAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var keys = new List<DhtKey>();
            using SqliteCommand select = Command("SELECT key FROM records;");
            using SqliteDataReader reader = select.ExecuteReader();
            while (reader.Read())
            {
                keys.Add(new DhtKey((byte[])reader[0]));
            }

            return ValueTask.FromResult<IReadOnlyList<DhtKey>>(keys);
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            _connection.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private void Write(DhtRecord record)
    {
        string? file = null;
        if (record.Value.Length > LargeValueThreshold)
        {
            file = string.Create(CultureInfo.InvariantCulture, $"{record.Key}-{record.Sequence}.bin");
            WriteFileAtomically(Path.Combine(_valuesDirectory, file), record.Value.Span);
        }

        using SqliteCommand upsert = Command(
            "INSERT OR REPLACE INTO records (key, kind, value, file, owner, alg, name, seq, sig, expires, published, size) " +
            "VALUES ($k, $kind, $v, $f, $o, $a, $n, $s, $sig, $e, $p, $size);");
        upsert.Parameters.AddWithValue("$k", record.Key.Value.ToArray());
        upsert.Parameters.AddWithValue("$kind", (int)record.Kind);
        upsert.Parameters.AddWithValue("$v", file is null ? record.Value.ToArray() : DBNull.Value);
        upsert.Parameters.AddWithValue("$f", (object?)file ?? DBNull.Value);
        upsert.Parameters.AddWithValue("$o", record.Owner.ToArray());
        upsert.Parameters.AddWithValue("$a", (int)record.OwnerAlgorithm);
        upsert.Parameters.AddWithValue("$n", record.Name);
        upsert.Parameters.AddWithValue("$s", unchecked((long)record.Sequence));
        upsert.Parameters.AddWithValue("$sig", record.Signature.ToArray());
        upsert.Parameters.AddWithValue("$e", record.ExpiresAt.ToUnixTimeMilliseconds());
        upsert.Parameters.AddWithValue("$p", record.PublishedLocally ? 1 : 0);
        upsert.Parameters.AddWithValue("$size", record.StorageSize);
        upsert.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public DhtRecord? GetPooled(DhtKey key, out IDisposable? buffer)
    {
        lock (_lock)
        {
            (DhtRecord? record, _) = Load(key, pooled: true, out PooledFrame? frame);
            buffer = frame;
            return record;
        }
    }

    private (DhtRecord? Record, string? File) Load(DhtKey key) => Load(key, pooled: false, out _);

    /// <summary>Reads a record; with <paramref name="pooled"/>, a value kept in a file is read into a rented array handed out as <paramref name="buffer"/>.</summary>
    private (DhtRecord? Record, string? File) Load(DhtKey key, bool pooled, out PooledFrame? buffer)
    {
        buffer = null;
        using SqliteCommand select = Command("SELECT kind, value, file, owner, alg, name, seq, sig, expires, published FROM records WHERE key = $k;");
        select.Parameters.AddWithValue("$k", key.Value.ToArray());
        using SqliteDataReader reader = select.ExecuteReader();
        if (!reader.Read())
        {
            return (null, null);
        }

        string? file = reader.IsDBNull(2) ? null : reader.GetString(2);
        ReadOnlyMemory<byte> value;
        if (file is null)
        {
            value = (byte[])reader[1];
        }
        else if (!pooled)
        {
            value = File.ReadAllBytes(Path.Combine(_valuesDirectory, file));
        }
        else
        {
            buffer = ReadPooled(Path.Combine(_valuesDirectory, file));
            value = buffer.Memory;
        }

        var record = new DhtRecord
        {
            Key = key,
            Kind = (RecordKind)reader.GetInt32(0),
            Value = value,
            Owner = (byte[])reader[3],
            OwnerAlgorithm = (byte)reader.GetInt32(4),
            Name = reader.GetString(5),
            Sequence = unchecked((ulong)reader.GetInt64(6)),
            Signature = (byte[])reader[7],
            ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
            PublishedLocally = reader.GetInt64(9) != 0,
        };
        return (record, file);
    }

    private static PooledFrame ReadPooled(string path)
    {
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        int length = checked((int)RandomAccess.GetLength(handle));
        byte[] array = FramePool.Instance.Rent(length);
        try
        {
            int read = 0;
            while (read < length)
            {
                int n = RandomAccess.Read(handle, array.AsSpan(read, length - read), read);
                if (n == 0)
                {
                    throw new IOException($"The value file {path} ended after {read} of {length} bytes.");
                }

                read += n;
            }

            return new PooledFrame(array, length, rented: true);
        }
        catch
        {
            FramePool.Instance.Return(array);
            throw;
        }
    }

    private void Delete(DhtKey key, DhtRecord held, string? file)
    {
        using SqliteCommand delete = Command("DELETE FROM records WHERE key = $k;");
        delete.Parameters.AddWithValue("$k", key.Value.ToArray());
        delete.ExecuteNonQuery();
        if (file is not null)
        {
            File.Delete(Path.Combine(_valuesDirectory, file));
        }

        _used -= held.StorageSize;
        _count--;
    }

    private static void WriteFileAtomically(string path, ReadOnlySpan<byte> bytes)
    {
        string temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private void RemoveOrphanFiles()
    {
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        using (SqliteCommand select = Command("SELECT file FROM records WHERE file IS NOT NULL;"))
        using (SqliteDataReader reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                referenced.Add(reader.GetString(0));
            }
        }

        foreach (string path in Directory.EnumerateFiles(_valuesDirectory))
        {
            if (!referenced.Contains(Path.GetFileName(path)))
            {
                File.Delete(path);
            }
        }
    }

    private SqliteCommand Command(string sql)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private void Execute(string sql)
    {
        using SqliteCommand command = Command(sql);
        command.ExecuteNonQuery();
    }
}
