using System.Buffers;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Win32.SafeHandles;
using Zhtp.Storage.Dht.Wire;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Records;

// Implementation notes
// One SQLite database (WAL, synchronous=FULL so an acknowledged Put survives power loss) with a
// row per record in `records` (key, kind, owner, name, sequence, signature, expiry, size). A value
// of at most LargeValueThreshold bytes is a BLOB in a row of `record_values` whose id is the record
// row's rowid; a larger one is appended to a pack file (ValuePacks), and the row's `pack`,
// `pack_offset` and `pack_length` columns say where. Values are kept out of the record row because
// SQLite reaches every column stored after a large BLOB by walking the BLOB's overflow pages: with
// the value inside the row (and before `expires`), the expiry scan read the whole store, every get
// read its value twice, and an expiry UPDATE read it. Large values are not BLOBs because SQLite
// writes a BLOB twice (into the WAL, 4 KiB frame by frame with a checksum each, then into the
// database at the checkpoint, which reads it back from the WAL): for the shards of an upload that
// was about 40 % of the holders' CPU; a pack is written once.
// Puts go through a group commit (GroupCommitQueue): the puts that arrive while a batch commits are
// written together in one transaction, so one WAL fsync acknowledges all of them; the batch's large
// values are appended and fsynced before that commit, so a committed row never names lost bytes.
// Each put's task completes only after its batch's commit, and a failed commit fails every put of that
// batch (nothing of it is kept). A large value's space is freed after the commit that replaces or
// removes its row.
// Earlier formats open unchanged, with no migration step: rows that keep their value in
// `records.value` (before record_values) are read from there and cost a walk of the value wherever a
// later column is read; rows written before packs keep large values in record_values; rows written
// before group commit name value files in values/ (the `file` column), which are read from there, deleted
// after the commit that replaces or removes their row, and removed at open when no row names them.
// Two connections: the writer (puts, removals) behind _writeLock, and a reader for gets, which in
// WAL mode sees every committed batch and never waits for a commit's fsync.

/// <summary>An <see cref="IRecordStore"/> persisted in a directory.</summary>
internal sealed class SqliteRecordStore : IRecordStore, IPooledRecordSource, IRecordExpiry
{
    /// <summary>Values larger than this are appended to pack files and read into pooled arrays by <see cref="GetPooled"/>.</summary>
    public const int LargeValueThreshold = 64 * 1024;

    private readonly string _directory;
    private readonly SqliteConnection _writer;
    private readonly SqliteConnection _reader;
    private readonly string _valuesDirectory;
    private readonly Lock _writeLock = new();
    private readonly Lock _readLock = new();
    private readonly GroupCommitQueue<StoreWrite, RecordPutOutcome?> _commits;
    private readonly ValuePacks _packs;
    private SqliteTransaction? _transaction;
    private long _used;
    private long _count;

    private SqliteRecordStore(string directory, long quotaBytes, long packLimit)
    {
        QuotaBytes = quotaBytes;
        _directory = directory;
        Directory.CreateDirectory(directory);
        _valuesDirectory = Path.Combine(directory, "values");
        Directory.CreateDirectory(_valuesDirectory);
        string connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "records.db") }.ToString();
        _writer = new SqliteConnection(connectionString);
        _writer.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=FULL;");
        Execute(
            "CREATE TABLE IF NOT EXISTS records (key BLOB PRIMARY KEY, kind INTEGER NOT NULL, value BLOB, file TEXT, owner BLOB, alg INTEGER NOT NULL, " +
            "name TEXT NOT NULL, seq INTEGER NOT NULL, sig BLOB, expires INTEGER NOT NULL, published INTEGER NOT NULL, size INTEGER NOT NULL);");
        Execute("CREATE TABLE IF NOT EXISTS record_values (id INTEGER PRIMARY KEY, value BLOB NOT NULL);");
        AddPackColumns();
        using (SqliteCommand totals = Command("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM records;"))
        using (SqliteDataReader reader = totals.ExecuteReader())
        {
            reader.Read();
            _count = reader.GetInt64(0);
            _used = reader.GetInt64(1);
        }

        RemoveOrphanFiles();
        _packs = new ValuePacks(Path.Combine(directory, "packs"), NamedPackValues(), packLimit);
        _reader = new SqliteConnection(connectionString);
        _reader.Open();
        _commits = new GroupCommitQueue<StoreWrite, RecordPutOutcome?>(CommitBatch);
    }

    public long QuotaBytes { get; }

    public long UsedBytes => Interlocked.Read(ref _used);

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Pack files on disk (for tests and diagnostics).</summary>
    internal int PackCount => _packs.PackCount;

    /// <summary>Batches committed by the group commit (for tests and diagnostics).</summary>
    internal long CommittedBatches => _commits.Batches;

    /// <summary>Puts committed by the group commit.</summary>
    internal long CommittedPuts => _commits.Items;

    /// <summary>
    /// Database pages both connections have read from the file (SQLite's page cache misses) since the last call,
    /// which resets the count: a BLOB of n pages that is read or walked over counts about n (for tests and diagnostics).
    /// </summary>
    internal long TakePagesRead()
    {
        long pages;
        lock (_writeLock)
        {
            pages = TakeCacheMisses(_writer);
        }

        lock (_readLock)
        {
            return pages + TakeCacheMisses(_reader);
        }
    }

    private static long TakeCacheMisses(SqliteConnection connection)
    {
        const int CacheMiss = 8; // SQLITE_DBSTATUS_CACHE_MISS
        int rc = SQLitePCL.raw.sqlite3_db_status(connection.Handle, CacheMiss, out int current, out _, 1);
        return rc == 0 ? current : 0;
    }

    /// <summary>Opens (creating if needed) the store in <paramref name="directory"/>.</summary>
    /// <remarks><paramref name="packLimit"/>: the size at which a pack of large values rolls over (smaller in tests).</remarks>
    public static SqliteRecordStore Open(string directory, long quotaBytes, long packLimit = ValuePacks.DefaultPackLimit)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(quotaBytes);
        return new SqliteRecordStore(directory, quotaBytes, packLimit);
    }

    /// <remarks>
    /// The token is checked before the put is queued only: once queued, the record's value is read by the
    /// committer, so the call returns after the commit (bounded by one batch) rather than leaving it behind.
    /// </remarks>
    public ValueTask<RecordPutOutcome> PutAsync(DhtRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        return PutQueuedAsync(record);
    }

    /// <remarks>Queued with the puts and committed in their batch (one WAL fsync for the batch), as a put is.</remarks>
    public async ValueTask<bool> ExtendExpiryAsync(DhtKey key, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await _commits.EnqueueAsync(new StoreWrite(null, key, expiresAt, now)).ConfigureAwait(false) is not null;
    }

    private async ValueTask<RecordPutOutcome> PutQueuedAsync(DhtRecord record) =>
        (await _commits.EnqueueAsync(new StoreWrite(record, record.Key, default, default)).ConfigureAwait(false))!.Value;

    public ValueTask<DhtRecord?> GetAsync(DhtKey key, CancellationToken cancellationToken = default)
    {
        lock (_readLock)
        {
            return ValueTask.FromResult(Load(_reader, key, pooled: false, out _).Record);
        }
    }

    public ValueTask<bool> RemoveAsync(DhtKey key, CancellationToken cancellationToken = default)
    {
        lock (_writeLock)
        {
            if (FindHeld(key) is not { } held)
            {
                return ValueTask.FromResult(false);
            }

            Delete(key, held.RowId);
            Interlocked.Add(ref _used, -held.Record.StorageSize);
            Interlocked.Decrement(ref _count);
            DeleteValueFile(held.File);
            ReleasePacked([held.Packed]);
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<int> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_writeLock)
        {
            var expired = new List<(DhtKey Key, long Size, string? File, long RowId, PackedValue? Packed)>();
            using (SqliteCommand select = Command("SELECT key, size, file, rowid, pack, pack_offset, pack_length FROM records WHERE expires <= $now;"))
            {
                select.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
                using SqliteDataReader reader = select.ExecuteReader();
                while (reader.Read())
                {
                    expired.Add((new DhtKey((byte[])reader[0]), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt64(3), ReadPacked(reader, 4)));
                }
            }

            if (expired.Count == 0)
            {
                return ValueTask.FromResult(0);
            }

            // One transaction (one fsync) for every expired record.
            using (SqliteTransaction transaction = _writer.BeginTransaction())
            {
                _transaction = transaction;
                try
                {
                    foreach ((DhtKey key, _, _, long rowId, _) in expired)
                    {
                        Delete(key, rowId);
                    }

                    transaction.Commit();
                }
                finally
                {
                    _transaction = null;
                }
            }

            foreach ((_, long size, string? file, _, _) in expired)
            {
                Interlocked.Add(ref _used, -size);
                Interlocked.Decrement(ref _count);
                DeleteValueFile(file);
            }

            ReleasePacked(expired.Select(e => e.Packed));

            return ValueTask.FromResult(expired.Count);
        }
    }

    public ValueTask<IReadOnlyList<DhtKey>> KeysAsync(CancellationToken cancellationToken = default)
    {
        lock (_readLock)
        {
            var keys = new List<DhtKey>();
            using SqliteCommand select = _reader.CreateCommand();
            select.CommandText = "SELECT key FROM records;";
            using SqliteDataReader reader = select.ExecuteReader();
            while (reader.Read())
            {
                keys.Add(new DhtKey((byte[])reader[0]));
            }

            return ValueTask.FromResult<IReadOnlyList<DhtKey>>(keys);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _commits.CloseAsync().ConfigureAwait(false);
        lock (_writeLock)
        {
            _writer.Dispose();
        }

        lock (_readLock)
        {
            _reader.Dispose();
            _packs.Dispose();
        }
    }

    /// <summary>Writes one batch of puts in one transaction; the outcomes hold once this returns (the commit is durable).</summary>
    private RecordPutOutcome?[] CommitBatch(IReadOnlyList<StoreWrite> writes)
    {
        lock (_writeLock)
        {
            var outcomes = new RecordPutOutcome?[writes.Count];
            List<string>? replacedFiles = null;
            List<PackedValue?>? replacedPacked = null;
            long used = _used;
            long count = _count;
            try
            {
                using SqliteTransaction transaction = _writer.BeginTransaction();
                _transaction = transaction;
                for (int i = 0; i < writes.Count; i++)
                {
                    if (writes[i].Record is not { } record)
                    {
                        outcomes[i] = ExtendExpiry(writes[i]) ? RecordPutOutcome.Refreshed : null;
                        continue;
                    }

                    // What the rule needs of the held record, without its value.
                    Held? held = FindHeld(record.Key);
                    RecordPutOutcome outcome = RecordRules.Decide(held?.Record, record, used, QuotaBytes);
                    if (outcome == RecordPutOutcome.Refreshed)
                    {
                        using SqliteCommand update = Command("UPDATE records SET expires = max(expires, $e), published = max(published, $p) WHERE key = $k;");
                        update.Parameters.AddWithValue("$e", record.ExpiresAt.ToUnixTimeMilliseconds());
                        update.Parameters.AddWithValue("$p", record.PublishedLocally ? 1 : 0);
                        update.Parameters.AddWithValue("$k", record.Key.Value.ToArray());
                        update.ExecuteNonQuery();
                    }
                    else if (outcome is RecordPutOutcome.Stored or RecordPutOutcome.Replaced)
                    {
                        if (held is { } replaced)
                        {
                            DeleteValueRow(replaced.RowId);
                        }

                        Write(record with { PublishedLocally = record.PublishedLocally || (held?.PublishedLocally ?? false) });
                        if (held?.File is { } heldFile)
                        {
                            (replacedFiles ??= []).Add(heldFile);
                        }

                        if (held?.Packed is { } heldPacked)
                        {
                            (replacedPacked ??= []).Add(heldPacked);
                        }

                        used += record.StorageSize - (held?.Record.StorageSize ?? 0);
                        count += held is null ? 1 : 0;
                    }

                    outcomes[i] = outcome;
                }

                _packs.Flush();
                transaction.Commit();
                _packs.Commit();
            }
            catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
            {
                throw new RecordStoreWriteException(
                    $"The record store in {_directory} could not commit a batch of {writes.Count} record(s): {e.Message} None of them was stored; check the disk (space, permissions) and retry.", e);
            }
            finally
            {
                _transaction = null;
                _packs.Rollback(); // whatever failed, the batch's staged values must not reach the next batch (a no-op after Commit)
            }

            Interlocked.Exchange(ref _used, used);
            Interlocked.Exchange(ref _count, count);
            foreach (string file in replacedFiles ?? [])
            {
                DeleteValueFile(file);
            }

            ReleasePacked(replacedPacked ?? []);

            return outcomes;
        }
    }

    /// <summary>Sets the expiry of a live content-addressed record to the later of its own and the write's (inside the batch's transaction).</summary>
    private bool ExtendExpiry(StoreWrite write)
    {
        using SqliteCommand update = Command("UPDATE records SET expires = max(expires, $e) WHERE key = $k AND kind != $mutable AND expires > $now;");
        update.Parameters.AddWithValue("$e", write.ExpiresAt.ToUnixTimeMilliseconds());
        update.Parameters.AddWithValue("$k", write.Key.Value.ToArray());
        update.Parameters.AddWithValue("$mutable", (int)RecordKind.Mutable);
        update.Parameters.AddWithValue("$now", write.Now.ToUnixTimeMilliseconds());
        return update.ExecuteNonQuery() == 1;
    }

    /// <summary>One queued write: a put (<paramref name="Record"/> set) or an expiry extension of <paramref name="Key"/>.</summary>
    private readonly record struct StoreWrite(DhtRecord? Record, DhtKey Key, DateTimeOffset ExpiresAt, DateTimeOffset Now);

    /// <summary>The held row of <paramref name="key"/> as the writer sees it (inside the open transaction), without reading its value.</summary>
    private Held? FindHeld(DhtKey key)
    {
        // The value is not selected; a row of the earlier format (value in the row) is walked over to reach the
        // columns after it, a current row (value in record_values) is not.
        using SqliteCommand select = Command("SELECT kind, seq, size, published, rowid, file, pack, pack_offset, pack_length FROM records WHERE key = $k;");
        select.Parameters.AddWithValue("$k", key.Value.ToArray());
        using SqliteDataReader reader = select.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var held = new HeldRecord((RecordKind)reader.GetInt32(0), unchecked((ulong)reader.GetInt64(1)), reader.GetInt64(2));
        return new Held(held, reader.GetInt64(3) != 0, reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetString(5), ReadPacked(reader, 6));
    }

    /// <summary>A held row: the rule's view of it, its publisher flag, rowid (= its value row's id), value file of the earliest format, and place in a pack.</summary>
    private readonly record struct Held(HeldRecord Record, bool PublishedLocally, long RowId, string? File, PackedValue? Packed);

    /// <summary>The pack place in columns <paramref name="first"/> to first + 2 (pack, pack_offset, pack_length), or null.</summary>
    private static PackedValue? ReadPacked(SqliteDataReader reader, int first) =>
        reader.IsDBNull(first) ? null : new PackedValue(reader.GetInt64(first), reader.GetInt64(first + 1), reader.GetInt32(first + 2));

    /// <summary>Frees the pack space of values whose rows a committed transaction removed; no read is in progress meanwhile.</summary>
    private void ReleasePacked(IEnumerable<PackedValue?> values)
    {
        lock (_readLock)
        {
            foreach (PackedValue? value in values)
            {
                if (value is { } packed)
                {
                    _packs.Release(packed);
                }
            }
        }
    }

    /// <summary>Writes the record's row, and its value as a value row or (large) staged for the batch's pack append.</summary>
    private void Write(DhtRecord record)
    {
        PackedValue? packed = record.Value.Length > LargeValueThreshold ? _packs.Append(record.Value) : null;
        using SqliteCommand upsert = Command(
            "INSERT OR REPLACE INTO records (key, kind, value, file, owner, alg, name, seq, sig, expires, published, size, pack, pack_offset, pack_length) " +
            "VALUES ($k, $kind, NULL, NULL, $o, $a, $n, $s, $sig, $e, $p, $size, $pack, $offset, $length) RETURNING rowid;");
        upsert.Parameters.AddWithValue("$k", record.Key.Value.ToArray());
        upsert.Parameters.AddWithValue("$pack", (object?)packed?.Pack ?? DBNull.Value);
        upsert.Parameters.AddWithValue("$offset", (object?)packed?.Offset ?? DBNull.Value);
        upsert.Parameters.AddWithValue("$length", (object?)packed?.Length ?? DBNull.Value);
        upsert.Parameters.AddWithValue("$kind", (int)record.Kind);
        upsert.Parameters.AddWithValue("$o", record.Owner.ToArray());
        upsert.Parameters.AddWithValue("$a", (int)record.OwnerAlgorithm);
        upsert.Parameters.AddWithValue("$n", record.Name);
        upsert.Parameters.AddWithValue("$s", unchecked((long)record.Sequence));
        upsert.Parameters.AddWithValue("$sig", record.Signature.ToArray());
        upsert.Parameters.AddWithValue("$e", record.ExpiresAt.ToUnixTimeMilliseconds());
        upsert.Parameters.AddWithValue("$p", record.PublishedLocally ? 1 : 0);
        upsert.Parameters.AddWithValue("$size", record.StorageSize);
        long rowId = Convert.ToInt64(upsert.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (packed is null)
        {
            using SqliteCommand value = Command("INSERT OR REPLACE INTO record_values (id, value) VALUES ($id, $v);");
            value.Parameters.AddWithValue("$id", rowId);
            value.Parameters.AddWithValue("$v", record.Value.ToArray());
            value.ExecuteNonQuery();
        }
    }

    /// <inheritdoc />
    public DhtRecord? GetPooled(DhtKey key, out IDisposable? buffer)
    {
        lock (_readLock)
        {
            (DhtRecord? record, _) = Load(_reader, key, pooled: true, out PooledFrame? frame);
            buffer = frame;
            return record;
        }
    }

    /// <summary>
    /// Reads a record through <paramref name="connection"/>; with <paramref name="pooled"/>, a value larger than
    /// <see cref="LargeValueThreshold"/> (in the row or in a value file of the earlier format) is read into a rented
    /// array handed out as <paramref name="buffer"/>. Also returns the value file's name when the row names one.
    /// </summary>
    private (DhtRecord? Record, string? File) Load(SqliteConnection connection, DhtKey key, bool pooled, out PooledFrame? buffer)
    {
        buffer = null;
        using SqliteCommand select = connection.CreateCommand();
        // `value IS NOT NULL` and the other columns are read from the row's header and cells: a value in
        // record_values is read through blob I/O below, once. (A row of the earlier format, its value in the row,
        // is walked over to reach the columns after it, then read once more.)
        select.CommandText = "SELECT kind, value IS NOT NULL, file, owner, alg, name, seq, sig, expires, published, rowid, pack, pack_offset, pack_length FROM records WHERE key = $k;";
        select.Transaction = ReferenceEquals(connection, _writer) ? _transaction : null;
        select.Parameters.AddWithValue("$k", key.Value.ToArray());
        using SqliteDataReader reader = select.ExecuteReader();
        if (!reader.Read())
        {
            return (null, null);
        }

        string? file = reader.IsDBNull(2) ? null : reader.GetString(2);
        ReadOnlyMemory<byte> value;
        if (ReadPacked(reader, 11) is { } packed)
        {
            if (pooled)
            {
                buffer = _packs.ReadPooled(packed);
                value = buffer.Memory;
            }
            else
            {
                value = _packs.Read(packed);
            }
        }
        else if (file is not null)
        {
            if (pooled)
            {
                buffer = ReadPooled(Path.Combine(_valuesDirectory, file));
                value = buffer.Memory;
            }
            else
            {
                value = File.ReadAllBytes(Path.Combine(_valuesDirectory, file));
            }
        }
        else
        {
            // Straight from the value's row into an array (pooled when asked and large) through incremental blob
            // I/O, no intermediate copy: from record_values, or from the record row of the earlier format.
            bool inRow = reader.GetInt64(1) != 0;
            using var blob = new SqliteBlob(connection, inRow ? "records" : "record_values", "value", reader.GetInt64(10), readOnly: true);
            int length = checked((int)blob.Length);
            bool rent = pooled && length > LargeValueThreshold;
            byte[] array = rent ? FramePool.Instance.Rent(length) : new byte[length];
            if (rent)
            {
                buffer = new PooledFrame(array, length, rented: true);
            }

            blob.ReadExactly(array, 0, length);
            value = array.AsMemory(0, length);
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

    /// <summary>Deletes the record row of <paramref name="key"/> and its value row (<paramref name="rowId"/>).</summary>
    private void Delete(DhtKey key, long rowId)
    {
        DeleteValueRow(rowId);
        using SqliteCommand delete = Command("DELETE FROM records WHERE key = $k;");
        delete.Parameters.AddWithValue("$k", key.Value.ToArray());
        delete.ExecuteNonQuery();
    }

    /// <summary>Deletes the value row of the record row <paramref name="rowId"/> (none for a row of the earlier format).</summary>
    private void DeleteValueRow(long rowId)
    {
        using SqliteCommand delete = Command("DELETE FROM record_values WHERE id = $id;");
        delete.Parameters.AddWithValue("$id", rowId);
        delete.ExecuteNonQuery();
    }

    /// <summary>Deletes a value file of the earlier format once the commit that dropped its row is durable.</summary>
    private void DeleteValueFile(string? file)
    {
        if (file is not null)
        {
            File.Delete(Path.Combine(_valuesDirectory, file));
        }
    }

    /// <summary>Adds the pack columns to a store created before packs (a no-op on a current one).</summary>
    private void AddPackColumns()
    {
        var columns = new HashSet<string>(StringComparer.Ordinal);
        using (SqliteCommand info = Command("PRAGMA table_info(records);"))
        using (SqliteDataReader reader = info.ExecuteReader())
        {
            while (reader.Read())
            {
                columns.Add(reader.GetString(1));
            }
        }

        foreach (string column in (string[])["pack", "pack_offset", "pack_length"])
        {
            if (!columns.Contains(column))
            {
                Execute($"ALTER TABLE records ADD COLUMN {column} INTEGER;");
            }
        }
    }

    /// <summary>Per pack, how many values committed rows name and where the last one ends.</summary>
    private Dictionary<long, (long Values, long End)> NamedPackValues()
    {
        var named = new Dictionary<long, (long, long)>();
        using SqliteCommand select = Command("SELECT pack, COUNT(*), MAX(pack_offset + pack_length) FROM records WHERE pack IS NOT NULL GROUP BY pack;");
        using SqliteDataReader reader = select.ExecuteReader();
        while (reader.Read())
        {
            named[reader.GetInt64(0)] = (reader.GetInt64(1), reader.GetInt64(2));
        }

        return named;
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

    /// <summary>A command on the writer connection, inside the open transaction when there is one.</summary>
    private SqliteCommand Command(string sql)
    {
        SqliteCommand command = _writer.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        return command;
    }

    private void Execute(string sql)
    {
        using SqliteCommand command = Command(sql);
        command.ExecuteNonQuery();
    }
}
