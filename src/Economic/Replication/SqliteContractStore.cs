using Microsoft.Data.Sqlite;

namespace Zhtp.Storage.Economic.Replication;

// Implementation notes
// Two tables: contracts(id, body) and transitions(contract, seq, body). Rows hold the canonical
// signed encodings, so loading re-validates everything: the holder replays each history through
// the state machine and stops at the first transition that does not apply (a torn or tampered
// row can never advance a contract). The renter (RenterStore) adds a third table,
// renter_state(contract, body): its audit/period bookkeeping, written in the same SQLite
// transaction as the transition it goes with, so a crash never separates the two.
internal sealed class SqliteContractStore : IContractStore
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    internal SqliteContractStore(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
        Execute("CREATE TABLE IF NOT EXISTS contracts(id TEXT PRIMARY KEY, body BLOB NOT NULL)");
        Execute("CREATE TABLE IF NOT EXISTS transitions(contract TEXT NOT NULL, seq INTEGER NOT NULL, body BLOB NOT NULL, PRIMARY KEY(contract, seq))");
        Execute("CREATE TABLE IF NOT EXISTS renter_state(contract TEXT PRIMARY KEY, body BLOB NOT NULL)");
    }

    public void SaveContract(StorageContract contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "INSERT OR IGNORE INTO contracts(id, body) VALUES($id, $b)";
            cmd.Parameters.AddWithValue("$id", contract.ContractId.ToString());
            cmd.Parameters.AddWithValue("$b", contract.Encode());
            cmd.ExecuteNonQuery();
        }
    }

    public void AppendTransition(ContractTransition transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        lock (_gate)
        {
            InsertTransition(transition, null);
        }
    }

    /// <summary>Writes the renter's bookkeeping of one contract and, when given, the transition it goes with, in one transaction.</summary>
    internal void SaveRenterState(Hash256 contractId, byte[] body, ContractTransition? transition)
    {
        ArgumentNullException.ThrowIfNull(body);
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            if (transition is not null)
            {
                InsertTransition(transition, tx);
            }

            using var cmd = _connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO renter_state(contract, body) VALUES($c, $b) ON CONFLICT(contract) DO UPDATE SET body = excluded.body";
            cmd.Parameters.AddWithValue("$c", contractId.ToString());
            cmd.Parameters.AddWithValue("$b", body);
            cmd.ExecuteNonQuery();
            tx.Commit();
        }
    }

    /// <summary>Every stored renter bookkeeping row, by contract id.</summary>
    internal Dictionary<Hash256, byte[]> LoadRenterStates()
    {
        lock (_gate)
        {
            var rows = new Dictionary<Hash256, byte[]>();
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT contract, body FROM renter_state";
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                if (Hash256.TryParse(reader.GetString(0), out var id))
                {
                    rows[id] = (byte[])reader.GetValue(1);
                }
            }

            return rows;
        }
    }

    public IReadOnlyList<(StorageContract Contract, IReadOnlyList<ContractTransition> Transitions)> LoadAll()
    {
        lock (_gate)
        {
            var result = new List<(StorageContract, IReadOnlyList<ContractTransition>)>();
            var contracts = new List<(string Id, byte[] Body)>();
            using (var cmd = _connection.CreateCommand())
            {
                cmd.CommandText = "SELECT id, body FROM contracts ORDER BY id";
                using var reader = cmd.ExecuteReader();
                while (reader.Read())
                {
                    contracts.Add((reader.GetString(0), (byte[])reader.GetValue(1)));
                }
            }

            foreach (var (id, body) in contracts)
            {
                StorageContract contract;
                try
                {
                    contract = StorageContract.Decode(body);
                }
                catch (Zhtp.Storage.Types.MessagePack.MessagePackSerializationException)
                {
                    continue;
                }

                var transitions = new List<ContractTransition>();
                using var cmd = _connection.CreateCommand();
                cmd.CommandText = "SELECT body FROM transitions WHERE contract = $c ORDER BY seq";
                cmd.Parameters.AddWithValue("$c", id);
                using var reader = cmd.ExecuteReader();
                while (reader.Read())
                {
                    try
                    {
                        transitions.Add(ContractTransition.Decode((byte[])reader.GetValue(0)));
                    }
                    catch (Zhtp.Storage.Types.MessagePack.MessagePackSerializationException)
                    {
                        break;
                    }
                }

                result.Add((contract, transitions));
            }

            return result;
        }
    }

    public void Dispose() => _connection.Dispose();

    private void InsertTransition(ContractTransition transition, SqliteTransaction? tx)
    {
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT OR IGNORE INTO transitions(contract, seq, body) VALUES($c, $s, $b)";
        cmd.Parameters.AddWithValue("$c", transition.ContractId.ToString());
        cmd.Parameters.AddWithValue("$s", transition.Sequence);
        cmd.Parameters.AddWithValue("$b", transition.Encode());
        cmd.ExecuteNonQuery();
    }

    private void Execute(string sql)
    {
        using var cmd = _connection.CreateCommand();
#pragma warning disable CA2100 // constant SQL
        cmd.CommandText = sql;
#pragma warning restore CA2100
        cmd.ExecuteNonQuery();
    }
}
