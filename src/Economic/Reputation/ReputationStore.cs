using Microsoft.Data.Sqlite;

namespace Zhtp.Storage.Economic.Reputation;

/// <summary>Durable reputation scores (SQLite, WAL), one row per node: score and decay anchor.</summary>
internal sealed class ReputationStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    private ReputationStore(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        _connection.Open();
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE IF NOT EXISTS reputation(node TEXT PRIMARY KEY, score INTEGER NOT NULL, anchor INTEGER NOT NULL)";
        cmd.ExecuteNonQuery();
    }

    /// <summary>Opens (or creates) a store at <paramref name="path"/>.</summary>
    public static ReputationStore OpenSqlite(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new ReputationStore(path);
    }

    /// <summary>Writes one node's score and anchor.</summary>
    public void Save(NodeId node, int score, DateTimeOffset anchor)
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "INSERT INTO reputation(node, score, anchor) VALUES($n, $s, $a) ON CONFLICT(node) DO UPDATE SET score = excluded.score, anchor = excluded.anchor";
            cmd.Parameters.AddWithValue("$n", node.ToString());
            cmd.Parameters.AddWithValue("$s", score);
            cmd.Parameters.AddWithValue("$a", anchor.UtcTicks);
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Every stored node.</summary>
    public IReadOnlyList<(NodeId Node, int Score, DateTimeOffset Anchor)> LoadAll()
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT node, score, anchor FROM reputation";
            using var reader = cmd.ExecuteReader();
            var rows = new List<(NodeId, int, DateTimeOffset)>();
            while (reader.Read())
            {
                if (NodeId.TryParse(reader.GetString(0), out var node))
                {
                    rows.Add((node, reader.GetInt32(1), new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero)));
                }
            }

            return rows;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();
}
