using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Search;

// Implementation notes
// One SQLite database, opened like Dht's SqliteRecordStore (WAL, one connection behind a lock), with
// three tables:
//   entries      one row per content id: the fields of ContentIndexEntry, plus lowercased keys
//                for owner and media type (exact and prefix type matches compare keys);
//   entry_tags   one row per (entry, tag) with the tag's lowercased key, so a tag search is an
//                exact, case-insensitive equality and never a substring match; the original tags
//                and their order come back from here too;
//   entries_fts  an FTS5 table (unicode61 tokenizer, diacritics folded) over filename, tags,
//                description and content type, whose rowid is the entries rowid.
// The index can be rebuilt from the manifests, so synchronous=NORMAL (WAL stays consistent after a
// crash and may lose only the last transactions). bm25 weights favour the filename (10) over tags
// (5), content type (2) and description (1).

/// <summary>An <see cref="IContentIndex"/> in an SQLite database with an FTS5 table.</summary>
internal sealed class SqliteContentIndex : IContentIndex
{
    private const long SchemaVersion = 1;
    private const string Columns = "e.id, e.version, e.owner, e.size, e.created, e.filename, e.content_type, e.description, e.tier, e.pattern, e.replication, e.access, e.expires, e.rowid";

    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();
    private bool _disposed;

    /// <summary>Opens <paramref name="dataSource"/> (a file path or ":memory:") and creates the tables when missing.</summary>
    public SqliteContentIndex(string dataSource)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dataSource, Pooling = false }.ToString());
        _connection.Open();
        try
        {
            Initialize(dataSource == ":memory:");
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    public ValueTask UpsertAsync(ContentIndexEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.Metadata);
        ArgumentNullException.ThrowIfNull(entry.Owner);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using SqliteTransaction transaction = _connection.BeginTransaction();
            long? rowId = null;
            using (SqliteCommand find = Command("SELECT rowid, version FROM entries WHERE id = $id;", transaction))
            {
                find.Parameters.AddWithValue("$id", IdBytes(entry.Id));
                using SqliteDataReader reader = find.ExecuteReader();
                if (reader.Read())
                {
                    if ((ulong)reader.GetInt64(1) > entry.Version)
                    {
                        return ValueTask.CompletedTask;
                    }

                    rowId = reader.GetInt64(0);
                }
            }

            if (rowId is { } existing)
            {
                DeleteRow(existing, transaction);
            }

            long row = InsertRow(entry, transaction);
            InsertTagsAndText(row, entry.Metadata, transaction);
            transaction.Commit();
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveAsync(ContentId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using SqliteTransaction transaction = _connection.BeginTransaction();
            using (SqliteCommand find = Command("SELECT rowid FROM entries WHERE id = $id;", transaction))
            {
                find.Parameters.AddWithValue("$id", IdBytes(id));
                if (find.ExecuteScalar() is long row)
                {
                    DeleteRow(row, transaction);
                }
            }

            transaction.Commit();
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<ContentSearchHit>> SearchAsync(ContentSearchQuery query, CancellationToken cancellationToken = default)
    {
        ContentSearchQueries.Validate(query);
        cancellationToken.ThrowIfCancellationRequested();
        string? match = null;
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            match = SearchText.ToFtsMatch(query.Text);
            if (match is null)
            {
                // Text of separators only ("*", "\"(") names no word, so nothing can match it.
                return ValueTask.FromResult<IReadOnlyList<ContentSearchHit>>([]);
            }
        }

        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using SqliteCommand command = _connection.CreateCommand();
            var sql = new StringBuilder();
            if (match is not null)
            {
                sql.Append("SELECT ").Append(Columns).Append(" FROM entries_fts JOIN entries e ON e.rowid = entries_fts.rowid WHERE entries_fts MATCH $match");
                command.Parameters.AddWithValue("$match", match);
            }
            else
            {
                sql.Append("SELECT ").Append(Columns).Append(" FROM entries e WHERE 1 = 1");
            }

            if (!string.IsNullOrWhiteSpace(query.Tag))
            {
                sql.Append(" AND EXISTS (SELECT 1 FROM entry_tags t WHERE t.entry = e.rowid AND t.tag_key = $tag)");
                command.Parameters.AddWithValue("$tag", SearchText.TagKey(query.Tag));
            }

            if (!string.IsNullOrWhiteSpace(query.Owner))
            {
                sql.Append(" AND e.owner_key = $owner");
                command.Parameters.AddWithValue("$owner", query.Owner.Trim().ToLowerInvariant());
            }

            if (!string.IsNullOrWhiteSpace(query.ContentType))
            {
                string type = query.ContentType.Trim().ToLowerInvariant();
                if (type.EndsWith("/*", StringComparison.Ordinal))
                {
                    type = type[..^1];
                }

                if (type.EndsWith('/'))
                {
                    sql.Append(" AND substr(e.type_key, 1, length($type)) = $type");
                    command.Parameters.AddWithValue("$type", type);
                }
                else
                {
                    sql.Append(" AND e.type_key = $type");
                    command.Parameters.AddWithValue("$type", SearchText.MediaTypeKey(type));
                }
            }

            sql.Append(match is not null ? " ORDER BY bm25(entries_fts, 10.0, 5.0, 1.0, 2.0), e.created DESC, e.rowid DESC" : " ORDER BY e.created DESC, e.rowid DESC");
            sql.Append(" LIMIT $take OFFSET $skip;");
            command.Parameters.AddWithValue("$take", query.Take);
            command.Parameters.AddWithValue("$skip", query.Skip);
            command.CommandText = sql.ToString();

            var hits = new List<(ContentSearchHit Hit, long Row)>();
            using (SqliteDataReader reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    hits.Add((ReadHit(reader), reader.GetInt64(13)));
                }
            }

            return ValueTask.FromResult<IReadOnlyList<ContentSearchHit>>(
                hits.Select(h => h.Hit with { Metadata = h.Hit.Metadata with { Tags = LoadTags(h.Row) } }).ToList());
        }
    }

    public ValueTask<long> CountAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using SqliteCommand count = Command("SELECT COUNT(*) FROM entries;");
            return ValueTask.FromResult((long)count.ExecuteScalar()!);
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _disposed = true;
                _connection.Dispose();
            }
        }

        return ValueTask.CompletedTask;
    }

    private static byte[] IdBytes(ContentId id)
    {
        var bytes = new byte[Hash256.Size];
        id.Key.Value.WriteTo(bytes);
        return bytes;
    }

    private static ContentSearchHit ReadHit(SqliteDataReader reader)
    {
        var metadata = new ContentMetadata
        {
            Filename = reader.GetString(5),
            ContentType = reader.GetString(6),
            Description = reader.GetString(7),
            Tier = (StorageTier)reader.GetInt32(8),
            AccessPattern = (ContentAccessPattern)reader.GetInt32(9),
            Replication = reader.GetInt32(10),
            Access = (AccessLevel)reader.GetInt32(11),
            Expires = reader.IsDBNull(12) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(12)),
        };
        return new ContentSearchHit(
            new ContentId(new DhtKey((byte[])reader[0])),
            (ulong)reader.GetInt64(1),
            metadata,
            reader.GetString(2),
            reader.GetInt64(3),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
            FromNetwork: false);
    }

    private void Initialize(bool inMemory)
    {
        if (!inMemory)
        {
            Execute("PRAGMA journal_mode=WAL;");
            Execute("PRAGMA synchronous=NORMAL;");
        }

        long version;
        using (SqliteCommand read = Command("PRAGMA user_version;"))
        {
            version = (long)read.ExecuteScalar()!;
        }

        if (version is not (0 or SchemaVersion))
        {
            throw new InvalidOperationException(
                $"The search index in '{_connection.DataSource}' has schema version {version}; this library reads version {SchemaVersion}. Delete the file to rebuild the index from the manifests.");
        }

        Execute(
            "CREATE TABLE IF NOT EXISTS entries (rowid INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE, version INTEGER NOT NULL, owner TEXT NOT NULL, owner_key TEXT NOT NULL, " +
            "size INTEGER NOT NULL, created INTEGER NOT NULL, filename TEXT NOT NULL, content_type TEXT NOT NULL, type_key TEXT NOT NULL, description TEXT NOT NULL, " +
            "tier INTEGER NOT NULL, pattern INTEGER NOT NULL, replication INTEGER NOT NULL, access INTEGER NOT NULL, expires INTEGER);");
        Execute("CREATE INDEX IF NOT EXISTS entries_owner ON entries (owner_key);");
        Execute("CREATE INDEX IF NOT EXISTS entries_type ON entries (type_key);");
        Execute("CREATE INDEX IF NOT EXISTS entries_created ON entries (created);");
        Execute("CREATE TABLE IF NOT EXISTS entry_tags (entry INTEGER NOT NULL, ord INTEGER NOT NULL, tag TEXT NOT NULL, tag_key TEXT NOT NULL, PRIMARY KEY (entry, ord)) WITHOUT ROWID;");
        Execute("CREATE INDEX IF NOT EXISTS entry_tags_key ON entry_tags (tag_key, entry);");
        Execute("CREATE VIRTUAL TABLE IF NOT EXISTS entries_fts USING fts5(filename, tags, description, content_type, tokenize = 'unicode61 remove_diacritics 2');");
        Execute($"PRAGMA user_version = {SchemaVersion.ToString(CultureInfo.InvariantCulture)};");
    }

    private long InsertRow(ContentIndexEntry entry, SqliteTransaction transaction)
    {
        ContentMetadata metadata = entry.Metadata;
        using SqliteCommand insert = Command(
            "INSERT INTO entries (id, version, owner, owner_key, size, created, filename, content_type, type_key, description, tier, pattern, replication, access, expires) " +
            "VALUES ($id, $version, $owner, $owner_key, $size, $created, $filename, $type, $type_key, $description, $tier, $pattern, $replication, $access, $expires) RETURNING rowid;",
            transaction);
        insert.Parameters.AddWithValue("$id", IdBytes(entry.Id));
        insert.Parameters.AddWithValue("$version", unchecked((long)entry.Version));
        insert.Parameters.AddWithValue("$owner", entry.Owner);
        insert.Parameters.AddWithValue("$owner_key", entry.Owner.Trim().ToLowerInvariant());
        insert.Parameters.AddWithValue("$size", entry.Size);
        insert.Parameters.AddWithValue("$created", entry.Created.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$filename", metadata.Filename ?? "");
        insert.Parameters.AddWithValue("$type", metadata.ContentType ?? "");
        insert.Parameters.AddWithValue("$type_key", SearchText.MediaTypeKey(metadata.ContentType ?? ""));
        insert.Parameters.AddWithValue("$description", metadata.Description ?? "");
        insert.Parameters.AddWithValue("$tier", (int)metadata.Tier);
        insert.Parameters.AddWithValue("$pattern", (int)metadata.AccessPattern);
        insert.Parameters.AddWithValue("$replication", metadata.Replication);
        insert.Parameters.AddWithValue("$access", (int)metadata.Access);
        insert.Parameters.AddWithValue("$expires", metadata.Expires is { } expires ? expires.ToUnixTimeMilliseconds() : DBNull.Value);
        return (long)insert.ExecuteScalar()!;
    }

    private void InsertTagsAndText(long row, ContentMetadata metadata, SqliteTransaction transaction)
    {
        IReadOnlyList<string> tags = metadata.Tags ?? [];
        using (SqliteCommand tag = Command("INSERT INTO entry_tags (entry, ord, tag, tag_key) VALUES ($entry, $ord, $tag, $key);", transaction))
        {
            SqliteParameter ord = tag.Parameters.Add("$ord", SqliteType.Integer);
            SqliteParameter text = tag.Parameters.Add("$tag", SqliteType.Text);
            SqliteParameter key = tag.Parameters.Add("$key", SqliteType.Text);
            tag.Parameters.AddWithValue("$entry", row);
            for (int i = 0; i < tags.Count; i++)
            {
                ord.Value = i;
                text.Value = tags[i] ?? "";
                key.Value = SearchText.TagKey(tags[i] ?? "");
                tag.ExecuteNonQuery();
            }
        }

        using SqliteCommand fts = Command("INSERT INTO entries_fts (rowid, filename, tags, description, content_type) VALUES ($row, $filename, $tags, $description, $type);", transaction);
        fts.Parameters.AddWithValue("$row", row);
        fts.Parameters.AddWithValue("$filename", metadata.Filename ?? "");
        fts.Parameters.AddWithValue("$tags", string.Join('\n', tags));
        fts.Parameters.AddWithValue("$description", metadata.Description ?? "");
        fts.Parameters.AddWithValue("$type", metadata.ContentType ?? "");
        fts.ExecuteNonQuery();
    }

    private void DeleteRow(long row, SqliteTransaction transaction)
    {
        foreach (string sql in (string[])["DELETE FROM entries_fts WHERE rowid = $row;", "DELETE FROM entry_tags WHERE entry = $row;", "DELETE FROM entries WHERE rowid = $row;"])
        {
            using SqliteCommand delete = Command(sql, transaction);
            delete.Parameters.AddWithValue("$row", row);
            delete.ExecuteNonQuery();
        }
    }

    private List<string> LoadTags(long row)
    {
        using SqliteCommand select = Command("SELECT tag FROM entry_tags WHERE entry = $row ORDER BY ord;");
        select.Parameters.AddWithValue("$row", row);
        using SqliteDataReader reader = select.ExecuteReader();
        var tags = new List<string>();
        while (reader.Read())
        {
            tags.Add(reader.GetString(0));
        }

        return tags;
    }

    private void Execute(string sql)
    {
        using SqliteCommand command = Command(sql);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }
}
