using Microsoft.Data.Sqlite;

namespace Zhtp.Storage.Economic.Tests.Fixtures;

/// <summary>
/// Ledger, contract and reputation databases written by the previous SQLite (3.35.5,
/// Microsoft.Data.Sqlite 6.0.0; Fixtures/sqlite-3.35, see its README) opened by the current
/// code: the exact balances, postings, escrow, contract history and scores come back, and each
/// store takes new writes.
/// </summary>
public sealed class SqliteFixtureTests : IDisposable
{
    private const string ContractId = "0b1e0d4fdd3b9d59b5d4a6e210b9f5bd87ccca24025c17c2552414a7e2f2f2c0";
    private const string Renter = "user:5cdf41ca24a80f2283f09af5b8db67846460fba48ffd418f31ecb57f47972125";
    private const string Host = "host:bde22556b2a7849590ab42cba4f59f01e743b0b6d80541bb3b2079d44150fbf4";
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("econ-sqlite335-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public void Ledger_WrittenBySqlite335_BalancesPostingsAndEscrowExact()
    {
        using IEconomicLedger ledger = EconomicLedger.OpenSqlite(Copy("ledger.db"));
        var expected = new Dictionary<string, long>
        {
            ["mint:supply"] = -100_000_000_000,
            [Renter] = 96_777_500_000,
            ["user:alice"] = 12_500_000,
            ["escrow:" + ContractId] = 2_200_000_000,
            ["treasury:fees"] = 210_000_000,
            [Host] = 800_000_000,
        };
        Assert.Equal(expected.OrderBy(e => e.Key), ledger.GetBalances().Select(b => KeyValuePair.Create(b.Key.Key, b.Value.Micros)).OrderBy(e => e.Key));
        Assert.Equal(100_000_000_000, ledger.TotalSupply.Micros);
        Assert.Equal(new EscrowLock(new TokenAmount(3_000_000_000), new TokenAmount(800_000_000), TokenAmount.Zero, TokenAmount.Zero), ledger.GetEscrow(Hash256.Parse(ContractId)));

        LedgerPosting transfer = ledger.GetPosting("fixture/transfer")!;
        Assert.Equal(PostingKind.Transfer, transfer.Kind);
        Assert.Equal([new TransferLeg(AccountId.ParseKey(Renter), AccountId.User("alice"), new TokenAmount(12_500_000))], transfer.Legs);
        LedgerPosting fund = ledger.GetPosting("fund/" + ContractId)!;
        Assert.Equal(PostingKind.EscrowFund, fund.Kind);
        Assert.Equal(Hash256.Parse(ContractId), fund.ContractId);
        Assert.Equal(
            [
                new TransferLeg(AccountId.ParseKey(Renter), AccountId.Escrow(Hash256.Parse(ContractId)), new TokenAmount(3_000_000_000)),
                new TransferLeg(AccountId.ParseKey(Renter), AccountId.Treasury, new TokenAmount(210_000_000)),
            ],
            fund.Legs);
        Assert.True(ledger.HasPosting("fixture/mint"));
        Assert.True(ledger.HasPosting($"release/{ContractId}/0"));
        Assert.True(ledger.CheckInvariants().IsConsistent, string.Join("; ", ledger.CheckInvariants().Violations));
    }

    [Fact]
    public void Ledger_WrittenBySqlite335_TakesNewPostingsThatSurviveReopen()
    {
        string path = Copy("ledger.db");
        using (IEconomicLedger ledger = EconomicLedger.OpenSqlite(path))
        {
            Assert.Equal(PostingOutcome.Applied, ledger.Post(LedgerPosting.OneLeg("after-upgrade/transfer", PostingKind.Transfer, AccountId.User("alice"), AccountId.User("bob"), new TokenAmount(2_500_000))));
            Assert.Equal(PostingOutcome.Applied, ledger.Post(LedgerPosting.OneLeg("after-upgrade/release", PostingKind.EscrowRelease, AccountId.Escrow(Hash256.Parse(ContractId)), AccountId.ParseKey(Host), new TokenAmount(100_000_000)).WithContract(Hash256.Parse(ContractId))));
            Assert.Equal(PostingOutcome.AlreadyApplied, ledger.Post(LedgerPosting.OneLeg("fixture/transfer", PostingKind.Transfer, AccountId.ParseKey(Renter), AccountId.User("alice"), new TokenAmount(12_500_000))));
        }

        SqliteConnection.ClearAllPools();
        using IEconomicLedger reopened = EconomicLedger.OpenSqlite(path);
        Assert.Equal(10_000_000, reopened.GetBalance(AccountId.User("alice")).Micros);
        Assert.Equal(2_500_000, reopened.GetBalance(AccountId.User("bob")).Micros);
        Assert.Equal(900_000_000, reopened.GetBalance(AccountId.ParseKey(Host)).Micros);
        Assert.Equal(new TokenAmount(900_000_000), reopened.GetEscrow(Hash256.Parse(ContractId)).Released);
        Assert.True(reopened.CheckInvariants().IsConsistent);
    }

    [Fact]
    public void ContractStore_WrittenBySqlite335_HistoryReplaysToTheSameStatus()
    {
        using IContractStore store = ContractStores.OpenSqlite(Copy("contracts.db"));
        var (contract, transitions) = Assert.Single(store.LoadAll());
        Assert.Equal(Hash256.Parse(ContractId), contract.ContractId);
        Assert.Equal([1L, 2L, 3L], transitions.Select(t => t.Sequence));

        // The holder re-validates every signature while replaying: any changed byte would stop it.
        var holder = new ContractHolder(NodeSigners.EcdsaP256Verifier, store: store);
        ContractStatus status = holder.Query(contract.ContractId)!;
        Assert.Equal(ContractState.Monitoring, status.State);
        Assert.Equal(3, status.Sequence);
        Assert.Equal(1, status.PeriodsPassed);
        Assert.Equal(0, status.PeriodsFailed);
        Assert.Equal(TokenAmount.Zero, status.PenaltiesApplied);
        Assert.Equal(Hash256.Parse("103e65e1337744b4d7b1b24f7abc1734e36b49bcc00ddb7757694cf6d38d39a8"), status.HistoryDigest);
    }

    [Fact]
    public void ContractStore_WrittenBySqlite335_TakesNewContractsThatSurviveReopen()
    {
        string path = Copy("contracts.db");
        using var harness = new EconomyHarness(hosts: 1);
        StorageContract added = harness.SignedContract(0);
        using (IContractStore store = ContractStores.OpenSqlite(path))
        {
            store.SaveContract(added);
        }

        SqliteConnection.ClearAllPools();
        using IContractStore reopened = ContractStores.OpenSqlite(path);
        var all = reopened.LoadAll();
        Assert.Equal(2, all.Count);
        Assert.Equal(added.Encode(), all.Single(c => c.Contract.ContractId == added.ContractId).Contract.Encode());
        Assert.Equal(3, all.Single(c => c.Contract.ContractId == Hash256.Parse(ContractId)).Transitions.Count);
    }

    [Fact]
    public void ReputationStore_WrittenBySqlite335_ScoresAndAnchorsExactAndTakesNewScores()
    {
        string path = Copy("reputation.db");
        (NodeId Node, int Score, DateTimeOffset Anchor)[] expected =
        [
            (Node(30), 1000, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)),
            (Node(31), 1250, new DateTimeOffset(2026, 1, 3, 3, 4, 5, TimeSpan.Zero)),
            (Node(32), 600, new DateTimeOffset(2026, 1, 4, 3, 4, 5, TimeSpan.Zero)),
        ];
        using (ReputationStore store = ReputationStore.OpenSqlite(path))
        {
            Assert.Equal(expected.OrderBy(e => e.Node), store.LoadAll().OrderBy(e => e.Node));
            store.Save(Node(33), 42, new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero));
            store.Save(Node(30), 1100, new DateTimeOffset(2026, 5, 2, 0, 0, 0, TimeSpan.Zero));
        }

        SqliteConnection.ClearAllPools();
        using ReputationStore reopened = ReputationStore.OpenSqlite(path);
        var rows = reopened.LoadAll().ToDictionary(r => r.Node);
        Assert.Equal(4, rows.Count);
        Assert.Equal((Node(30), 1100, new DateTimeOffset(2026, 5, 2, 0, 0, 0, TimeSpan.Zero)), rows[Node(30)]);
        Assert.Equal((Node(33), 42, new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero)), rows[Node(33)]);
        Assert.Equal(expected[2], rows[Node(32)]);
    }

    // The generator's seeded node ids (see the fixture README).
    private static NodeId Node(int seed)
    {
        var b = new byte[32];
        new Random(seed).NextBytes(b);
        return new NodeId(new Hash256(b));
    }

    private string Copy(string name)
    {
        string source = Path.Combine(AppContext.BaseDirectory, "Fixtures", "sqlite-3.35", name);
        Assert.True(File.Exists(source), $"fixture missing: {source}");
        string target = Path.Combine(_dir.FullName, name);
        File.Copy(source, target);
        return target;
    }
}
