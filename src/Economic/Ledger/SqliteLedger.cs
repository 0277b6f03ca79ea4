using System.Globalization;
using Microsoft.Data.Sqlite;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Economic.Ledger;

// Implementation notes
// Schema: accounts(id, kind, balance) with CHECK(kind = 0 OR balance >= 0) as a second line of
// defence behind the guarded UPDATE; postings(seq, id UNIQUE, kind, contract, digest) gives
// idempotency; entries(seq, leg, side, account, delta) is the double-entry journal (each leg one
// debit and one credit summing to zero); escrows(contract, funded, released, slashed, refunded)
// tracks what is locked per contract. One posting = one IMMEDIATE transaction touching all four,
// so a crash at any instant leaves either all of it or none (SQLite WAL recovery ignores frames
// of an uncommitted transaction).
internal sealed class SqliteLedger : IEconomicLedger
{
    private const int SchemaVersion = 1;

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private bool _disposed;

    internal SqliteLedger(string path, LedgerDurability durability)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        _connection = new SqliteConnection(builder.ToString());
        _connection.Open();
        try
        {
            Execute("PRAGMA journal_mode=WAL;");
            Execute(durability == LedgerDurability.Full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
            Execute("PRAGMA foreign_keys=ON;");
            CreateSchema();
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    /// <summary>Called inside a posting's transaction at each <see cref="LedgerFaultPoint"/>; a throw aborts the transaction (tests only).</summary>
    internal Action<LedgerFaultPoint>? FaultInjector { get; set; }

    public TokenAmount TotalSupply
    {
        get
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                return -BalanceOf(AccountId.Mint.Key, null);
            }
        }
    }

    public PostingOutcome Post(LedgerPosting posting)
    {
        ArgumentNullException.ThrowIfNull(posting);
        LedgerRules.Validate(posting);
        var digest = posting.Digest();
        lock (_gate)
        {
            ThrowIfDisposed();
            using var tx = _connection.BeginTransaction();
            var existing = ExistingDigest(posting.TransferId, tx);
            if (existing is not null)
            {
                if (existing.AsSpan().SequenceEqual(digest))
                {
                    return PostingOutcome.AlreadyApplied;
                }

                throw new LedgerException(
                    LedgerErrorKind.IdempotencyConflict,
                    $"Transfer id '{posting.TransferId}' was already used for a different posting; use a new id for a new posting.");
            }

            if (posting.Kind == PostingKind.Mint)
            {
                var supply = -BalanceOf(AccountId.Mint.Key, tx);
                var added = posting.Legs.Aggregate(TokenAmount.Zero, (sum, leg) => sum + leg.Amount);
                _ = checked(supply.Micros + added.Micros);
            }

            var seq = InsertPosting(posting, digest, tx);
            FaultInjector?.Invoke(LedgerFaultPoint.AfterPostingRow);
            for (var i = 0; i < posting.Legs.Count; i++)
            {
                ApplyLeg(seq, i, posting.Legs[i], tx);
                if (i == 0)
                {
                    FaultInjector?.Invoke(LedgerFaultPoint.AfterFirstLeg);
                }
            }

            FaultInjector?.Invoke(LedgerFaultPoint.AfterJournal);
            UpdateEscrow(posting, tx);
            FaultInjector?.Invoke(LedgerFaultPoint.BeforeCommit);
            tx.Commit();
            return PostingOutcome.Applied;
        }
    }

    public TokenAmount GetBalance(AccountId account)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            return BalanceOf(account.Key, null);
        }
    }

    public EscrowLock GetEscrow(Hash256 contractId)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            using var cmd = Command("SELECT funded, released, slashed, refunded FROM escrows WHERE contract = $c", null);
            cmd.Parameters.AddWithValue("$c", contractId.ToString());
            using var reader = cmd.ExecuteReader();
            return reader.Read()
                ? new EscrowLock(new(reader.GetInt64(0)), new(reader.GetInt64(1)), new(reader.GetInt64(2)), new(reader.GetInt64(3)))
                : default;
        }
    }

    public bool HasPosting(string transferId)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            return ExistingDigest(transferId, null) is not null;
        }
    }

    public LedgerPosting? GetPosting(string transferId)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            using var cmd = Command(
                "SELECT p.kind, p.contract, e.leg, e.side, e.account, e.delta FROM postings p JOIN entries e ON e.seq = p.seq WHERE p.id = $id ORDER BY e.leg, e.side",
                null);
            cmd.Parameters.AddWithValue("$id", transferId);
            using var reader = cmd.ExecuteReader();
            var legs = new List<TransferLeg>();
            PostingKind kind = default;
            var contract = Hash256.Zero;
            AccountId from = default;
            while (reader.Read())
            {
                kind = (PostingKind)reader.GetInt32(0);
                contract = Hash256.Parse(reader.GetString(1));
                var account = AccountId.ParseKey(reader.GetString(4));
                if (reader.GetInt32(3) == 0)
                {
                    from = account;
                }
                else
                {
                    legs.Add(new TransferLeg(from, account, new TokenAmount(reader.GetInt64(5))));
                }
            }

            return legs.Count == 0 ? null : new LedgerPosting(transferId, kind, contract, legs);
        }
    }

    public IReadOnlyList<KeyValuePair<AccountId, TokenAmount>> GetBalances()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            var result = new List<KeyValuePair<AccountId, TokenAmount>>();
            using var cmd = Command("SELECT id, balance FROM accounts ORDER BY id", null);
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                result.Add(new(AccountId.ParseKey(reader.GetString(0)), new TokenAmount(reader.GetInt64(1))));
            }

            return result;
        }
    }

    public LedgerInvariantReport CheckInvariants()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            var violations = new List<string>();
            var supply = -BalanceOf(AccountId.Mint.Key, null);
            var sumOfBalances = new TokenAmount(Scalar("SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE kind <> 0"));
            var escrowBalance = new TokenAmount(Scalar("SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE kind = 3"));
            var locked = new TokenAmount(Scalar("SELECT COALESCE(SUM(funded - released - slashed - refunded), 0) FROM escrows"));
            if (supply != sumOfBalances)
            {
                violations.Add($"supply {supply} differs from the sum of balances {sumOfBalances}");
            }

            if (escrowBalance != locked)
            {
                violations.Add($"escrow balance {escrowBalance} differs from the funds locked by contracts {locked}");
            }

            AddRows(violations, "SELECT id || ' has negative balance ' || balance FROM accounts WHERE kind <> 0 AND balance < 0");
            AddRows(violations, "SELECT 'journal does not balance: ' || t FROM (SELECT COALESCE(SUM(delta), 0) AS t FROM entries) WHERE t <> 0");
            AddRows(violations, "SELECT 'posting ' || seq || ' does not balance' FROM entries GROUP BY seq HAVING SUM(delta) <> 0");
            AddRows(
                violations,
                "SELECT a.id || ' balance ' || a.balance || ' differs from its journal ' || COALESCE(e.total, 0) FROM accounts a " +
                "LEFT JOIN (SELECT account, SUM(delta) AS total FROM entries GROUP BY account) e ON e.account = a.id " +
                "WHERE a.balance <> COALESCE(e.total, 0)");
            AddRows(
                violations,
                "SELECT 'escrow of ' || x.contract || ' locks ' || (x.funded - x.released - x.slashed - x.refunded) || ' but its account holds ' || COALESCE(a.balance, 0) " +
                "FROM escrows x LEFT JOIN accounts a ON a.id = 'escrow:' || x.contract " +
                "WHERE (x.funded - x.released - x.slashed - x.refunded) <> COALESCE(a.balance, 0)");
            AddRows(violations, "SELECT 'posting ' || p.seq || ' has no journal entries' FROM postings p WHERE NOT EXISTS (SELECT 1 FROM entries e WHERE e.seq = p.seq)");
            return new LedgerInvariantReport(supply, sumOfBalances, escrowBalance, locked, violations);
        }
    }

    /// <summary>One-query totals for frequent checks: supply, sum of non-mint balances, escrow balances, count of negative non-mint balances.</summary>
    internal (TokenAmount Supply, TokenAmount Sum, TokenAmount Escrow, long Negative) Totals()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            using var cmd = Command(
                "SELECT COALESCE(SUM(CASE WHEN kind = 0 THEN -balance ELSE 0 END), 0), COALESCE(SUM(CASE WHEN kind <> 0 THEN balance ELSE 0 END), 0), " +
                "COALESCE(SUM(CASE WHEN kind = 3 THEN balance ELSE 0 END), 0), COALESCE(SUM(CASE WHEN kind <> 0 AND balance < 0 THEN 1 ELSE 0 END), 0) FROM accounts",
                null);
            using var reader = cmd.ExecuteReader();
            reader.Read();
            return (new(reader.GetInt64(0)), new(reader.GetInt64(1)), new(reader.GetInt64(2)), reader.GetInt64(3));
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _connection.Dispose();
        }
    }

    private void CreateSchema()
    {
        using var tx = _connection.BeginTransaction();
        Execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)", tx);
        Execute("CREATE TABLE IF NOT EXISTS accounts(id TEXT PRIMARY KEY, kind INTEGER NOT NULL, balance INTEGER NOT NULL, CHECK (kind = 0 OR balance >= 0))", tx);
        Execute("CREATE TABLE IF NOT EXISTS postings(seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind INTEGER NOT NULL, contract TEXT NOT NULL, digest BLOB NOT NULL)", tx);
        Execute("CREATE TABLE IF NOT EXISTS entries(seq INTEGER NOT NULL REFERENCES postings(seq), leg INTEGER NOT NULL, side INTEGER NOT NULL, account TEXT NOT NULL, delta INTEGER NOT NULL, PRIMARY KEY(seq, leg, side))", tx);
        Execute("CREATE INDEX IF NOT EXISTS entries_account ON entries(account)", tx);
        Execute("CREATE TABLE IF NOT EXISTS escrows(contract TEXT PRIMARY KEY, funded INTEGER NOT NULL, released INTEGER NOT NULL, slashed INTEGER NOT NULL, refunded INTEGER NOT NULL)", tx);
        using (var cmd = Command("SELECT value FROM meta WHERE key = 'schema'", tx))
        {
            var version = cmd.ExecuteScalar() as string;
            if (version is null)
            {
                Execute($"INSERT INTO meta(key, value) VALUES('schema', '{SchemaVersion}')", tx);
            }
            else if (version != SchemaVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw new LedgerException(LedgerErrorKind.Corrupt, $"The ledger file has schema version {version}; this library reads version {SchemaVersion}.");
            }
        }

        tx.Commit();
    }

    private byte[]? ExistingDigest(string transferId, SqliteTransaction? tx)
    {
        using var cmd = Command("SELECT digest FROM postings WHERE id = $id", tx);
        cmd.Parameters.AddWithValue("$id", transferId);
        return cmd.ExecuteScalar() as byte[];
    }

    private long InsertPosting(LedgerPosting posting, byte[] digest, SqliteTransaction tx)
    {
        using var cmd = Command("INSERT INTO postings(id, kind, contract, digest) VALUES($id, $k, $c, $d); SELECT last_insert_rowid();", tx);
        cmd.Parameters.AddWithValue("$id", posting.TransferId);
        cmd.Parameters.AddWithValue("$k", (int)posting.Kind);
        cmd.Parameters.AddWithValue("$c", posting.ContractId.ToString());
        cmd.Parameters.AddWithValue("$d", digest);
        return (long)cmd.ExecuteScalar()!;
    }

    private void ApplyLeg(long seq, int index, TransferLeg leg, SqliteTransaction tx)
    {
        using (var debit = Command("UPDATE accounts SET balance = balance - $a WHERE id = $id AND (kind = 0 OR balance >= $a)", tx))
        {
            debit.Parameters.AddWithValue("$a", leg.Amount.Micros);
            debit.Parameters.AddWithValue("$id", leg.From.Key);
            if (debit.ExecuteNonQuery() == 0)
            {
                if (leg.From.Kind != AccountKind.Mint)
                {
                    throw new LedgerException(
                        LedgerErrorKind.InsufficientFunds,
                        $"{leg.From} holds {BalanceOf(leg.From.Key, tx)} tokens, less than the {leg.Amount} to move to {leg.To}; fund it first.");
                }

                Upsert(leg.From, -leg.Amount.Micros, tx);
            }
        }

        Upsert(leg.To, leg.Amount.Micros, tx);
        using var journal = Command("INSERT INTO entries(seq, leg, side, account, delta) VALUES($s, $l, 0, $from, $neg), ($s, $l, 1, $to, $pos)", tx);
        journal.Parameters.AddWithValue("$s", seq);
        journal.Parameters.AddWithValue("$l", index);
        journal.Parameters.AddWithValue("$from", leg.From.Key);
        journal.Parameters.AddWithValue("$to", leg.To.Key);
        journal.Parameters.AddWithValue("$neg", -leg.Amount.Micros);
        journal.Parameters.AddWithValue("$pos", leg.Amount.Micros);
        journal.ExecuteNonQuery();
    }

    private void Upsert(AccountId account, long delta, SqliteTransaction tx)
    {
        using var cmd = Command("INSERT INTO accounts(id, kind, balance) VALUES($id, $k, $a) ON CONFLICT(id) DO UPDATE SET balance = balance + excluded.balance", tx);
        cmd.Parameters.AddWithValue("$id", account.Key);
        cmd.Parameters.AddWithValue("$k", (int)account.Kind);
        cmd.Parameters.AddWithValue("$a", delta);
        cmd.ExecuteNonQuery();
    }

    private void UpdateEscrow(LedgerPosting posting, SqliteTransaction tx)
    {
        if (LedgerRules.EscrowEffect(posting) is not { } effect)
        {
            return;
        }

        var column = effect.Movement switch
        {
            EscrowMovement.Funded => "funded",
            EscrowMovement.Released => "released",
            EscrowMovement.Slashed => "slashed",
            _ => "refunded",
        };
        using var cmd = Command(
            $"INSERT INTO escrows(contract, funded, released, slashed, refunded) VALUES($c, 0, 0, 0, 0) ON CONFLICT(contract) DO NOTHING; " +
            $"UPDATE escrows SET {column} = {column} + $a WHERE contract = $c",
            tx);
        cmd.Parameters.AddWithValue("$c", posting.ContractId.ToString());
        cmd.Parameters.AddWithValue("$a", effect.Amount.Micros);
        cmd.ExecuteNonQuery();
    }

    private TokenAmount BalanceOf(string key, SqliteTransaction? tx)
    {
        using var cmd = Command("SELECT balance FROM accounts WHERE id = $id", tx);
        cmd.Parameters.AddWithValue("$id", key);
        return cmd.ExecuteScalar() is long micros ? new TokenAmount(micros) : TokenAmount.Zero;
    }

    private long Scalar(string sql)
    {
        using var cmd = Command(sql, null);
        return (long)cmd.ExecuteScalar()!;
    }

    private void AddRows(List<string> violations, string sql)
    {
        using var cmd = Command(sql, null);
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            violations.Add(reader.GetString(0));
        }
    }

    private void Execute(string sql, SqliteTransaction? tx = null)
    {
        using var cmd = Command(sql, tx);
        cmd.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, SqliteTransaction? tx)
    {
        var cmd = _connection.CreateCommand();
#pragma warning disable CA2100 // Only constant SQL text and a column name from a closed switch; values are parameters.
        cmd.CommandText = sql;
#pragma warning restore CA2100
        cmd.Transaction = tx;
        return cmd;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
