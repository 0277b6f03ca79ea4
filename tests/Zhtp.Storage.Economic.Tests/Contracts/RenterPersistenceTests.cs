namespace Zhtp.Storage.Economic.Tests.Contracts;

/// <summary>
/// A renter restarted on the same RenterStore must end exactly where an uninterrupted renter ends:
/// same ledger balances, contract states and histories, audit counters and reputations.
/// </summary>
public sealed class RenterPersistenceTests : IDisposable
{
    private const int Seed = 7;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"zhtp-renter-{Guid.NewGuid():N}");

    public RenterPersistenceTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData(37)]
    [InlineData(24, 48, 72, 95)]
    [InlineData(1, 2, 30, 49, 50, 90)]
    public async Task Restart_AtHours_EndsLikeUninterruptedRun(params int[] restartHours)
    {
        var expected = await RunAsync(Path.Combine(_directory, "plain.db"), _ => false, crashAfter: null);
        var actual = await RunAsync(Path.Combine(_directory, "restarted.db"), hour => restartHours.Contains(hour), crashAfter: null);

        Assert.Equal(expected.Restarts + restartHours.Length, actual.Restarts);
        Assert.Equal(expected.Lines, actual.Lines);
    }

    [Theory]
    [InlineData("fund/")]
    [InlineData("release/")]
    [InlineData("slash/")]
    [InlineData("terminate-renter/")]
    [InlineData("complete/")]
    [InlineData("bonus/")]
    public async Task CrashAfterPosting_BeforeTransitionPersisted_RestartPaysNothingTwice(string postingPrefix)
    {
        var expected = await RunAsync(Path.Combine(_directory, "plain.db"), _ => false, crashAfter: null);
        var actual = await RunAsync(Path.Combine(_directory, "crashed.db"), _ => false, crashAfter: postingPrefix);

        Assert.Equal(1, actual.Restarts);
        Assert.Equal(expected.Lines, actual.Lines);
    }

    [Fact]
    public async Task Reopen_WithoutStore_ForgetsContracts_WithStore_ResumesStateSequenceAndSchedule()
    {
        var path = Path.Combine(_directory, "renter.db");
        var store = RenterStore.OpenSqlite(path);
        using var h = new EconomyHarness(seed: Seed, renterStore: store);
        h.MintToRenter(100_000);
        var contract = await h.ActiveContractAsync(0);
        for (var hour = 0; hour < 30; hour++)
        {
            h.Time.Advance(TimeSpan.FromHours(1));
            await h.Manager.TickAsync(CancellationToken.None);
        }

        var before = h.Manager.Get(contract.ContractId);
        var auditsBefore = h.Manager.AuditsRun;
        store.Dispose();

        Assert.Empty(new ContractManager(
            h.Renter, h.Replicator, h.Payments, h.Reputation, new QualityAssurance(h.Network, h.Time, new Random(1), NodeSigners.EcdsaP256Verifier), h.Time, NodeSigners.EcdsaP256Verifier).Contracts);

        using var reopened = RenterStore.OpenSqlite(path);
        var manager = h.RestartManager(reopened, auditSeed: 99);
        var after = manager.Get(contract.ContractId);
        Assert.Equal(before, after);
        Assert.Equal(ContractState.Monitoring, after.State);
        Assert.Equal([0], after.EvaluatedPeriods);
        Assert.Equal(auditsBefore, manager.AuditsRun);
        Assert.Equal(contract.Shards.Select(s => s.MerkleRoot), after.Contract.Shards.Select(s => s.MerkleRoot));
        Assert.Equal(T(800), h.Ledger.GetBalance(h.HostAccount(0)));
    }

    private static TokenAmount T(long tokens) => TokenAmount.FromWholeTokens(tokens);

    // Three contracts (3, 4 and 5 days; the third host drops every shard at hour 30 and is terminated
    // at hour 48, so the run ends at hour 96) driven hourly by TickAsync until all are settled. restartAt(hour) restarts the renter before that hour's tick;
    // crashAfter makes the ledger throw right after the first posting whose id starts with it (the
    // posting is durable, the renter's next step is not) and the renter is restarted and ticked again
    // at the same clock time.
    private static async Task<(int Restarts, List<string> Lines)> RunAsync(string path, Func<int, bool> restartAt, string? crashAfter)
    {
        var ledger = new CrashingLedger(EconomicLedger.CreateInMemory(), crashAfter);
        var store = RenterStore.OpenSqlite(path);
        var restarts = 0;
        try
        {
            using var h = new EconomyHarness(seed: Seed, ledger: ledger, renterStore: store);
            h.MintToRenter(100_000);
            var contracts = new List<StorageContract>();
            void Restart(int auditSeed = -1)
            {
                store.Dispose();
                store = RenterStore.OpenSqlite(path);
                h.RestartManager(store, auditSeed);
                restarts++;
            }

            for (var host = 0; host < 3; host++)
            {
                var contract = h.SignedContract(host, EconomyHarness.Request(days: 3 + host));
                contracts.Add(contract);
                await h.Manager.DeployAsync(contract, CancellationToken.None);
                try
                {
                    await h.Manager.ActivateAsync(contract.ContractId, CancellationToken.None);
                }
                catch (SimulatedCrashException)
                {
                    Restart();
                    await h.Manager.TickAsync(CancellationToken.None);
                    Assert.Equal(ContractState.Monitoring, h.Manager.Get(contract.ContractId).State);
                }
            }

            for (var hour = 0; hour < (6 * 24) && !contracts.All(c => h.Manager.Get(c.ContractId).IsFinal); hour++)
            {
                if (hour == 30)
                {
                    foreach (var shard in h.Shards)
                    {
                        h.Stores[2].Drop(shard.ShardId);
                    }
                }

                if (restartAt(hour))
                {
                    Restart(hour);
                }

                h.Time.Advance(TimeSpan.FromHours(1));
                try
                {
                    await h.Manager.TickAsync(CancellationToken.None);
                }
                catch (SimulatedCrashException)
                {
                    Restart(hour);
                    await h.Manager.TickAsync(CancellationToken.None);
                }
            }

            Assert.True(h.Ledger.CheckInvariants().IsConsistent);
            Assert.All(contracts, c => Assert.True(h.Manager.Get(c.ContractId).IsFinal));
            Assert.Equal(TokenAmount.Zero, contracts.Aggregate(TokenAmount.Zero, (sum, c) => sum + h.Payments.Locked(c)));
            if (crashAfter is not null)
            {
                Assert.True(ledger.Crashed, $"no posting starting with {crashAfter} was made");
            }

            var lines = new List<string>();
            lines.AddRange(h.Ledger.GetBalances().Select(b => $"balance {b.Key} {b.Value}").Order(StringComparer.Ordinal));
            foreach (var c in contracts)
            {
                var record = h.Manager.Get(c.ContractId);
                lines.Add($"contract {c.ContractId} {record.State} seq {record.Sequence} passed {record.PeriodsPassed} failed {record.PeriodsFailed} penalties {record.PenaltiesApplied}");
                lines.AddRange(record.History.Select(t => $"  {t.Sequence} {t.Event} p{t.Period} {t.Violation} {t.Amount} {t.At:O}"));
                lines.Add($"  holders {string.Join(',', h.Holders.Select(x => x.Query(c.ContractId)!.State))}");
                lines.Add($"  reputation {h.Reputation.GetScore(c.Host)}");
            }

            lines.Add($"audits {h.Manager.AuditsRun} passed {h.Manager.AuditsPassed}");
            lines.Add($"stats {h.Manager.GetStats()}");
            return (restarts, lines);
        }
        finally
        {
            store.Dispose();
        }
    }

    private sealed class SimulatedCrashException : Exception
    {
        public SimulatedCrashException(string message)
            : base(message)
        {
        }
    }

    /// <summary>Posts durably, then throws once after the first posting whose id starts with the prefix.</summary>
    private sealed class CrashingLedger(IEconomicLedger inner, string? prefix) : IEconomicLedger
    {
        public bool Crashed { get; private set; }

        public TokenAmount TotalSupply => inner.TotalSupply;

        public PostingOutcome Post(LedgerPosting posting)
        {
            var outcome = inner.Post(posting);
            if (!Crashed && prefix is not null && posting.TransferId.StartsWith(prefix, StringComparison.Ordinal))
            {
                Crashed = true;
                throw new SimulatedCrashException($"crash after {posting.TransferId}");
            }

            return outcome;
        }

        public TokenAmount GetBalance(AccountId account) => inner.GetBalance(account);

        public EscrowLock GetEscrow(Hash256 contractId) => inner.GetEscrow(contractId);

        public bool HasPosting(string transferId) => inner.HasPosting(transferId);

        public LedgerPosting? GetPosting(string transferId) => inner.GetPosting(transferId);

        public IReadOnlyList<KeyValuePair<AccountId, TokenAmount>> GetBalances() => inner.GetBalances();

        public LedgerInvariantReport CheckInvariants() => inner.CheckInvariants();

        public void Dispose() => inner.Dispose();
    }
}
