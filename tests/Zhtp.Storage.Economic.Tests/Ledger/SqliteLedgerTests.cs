using System.Diagnostics;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Economic.Tests.Ledger;

public sealed class SqliteLedgerTests : IDisposable
{
    private static readonly AccountId Alice = AccountId.User("alice");
    private static readonly AccountId Bob = AccountId.User("bob");
    private static readonly AccountId Host1 = AccountId.Host("h1");
    private static readonly Hash256 Contract = Hash256.Random(new Random(5));
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("econ-ledger-");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    private string DbPath => Path.Combine(_dir.FullName, "ledger.db");

    private static TokenAmount T(long tokens) => TokenAmount.FromWholeTokens(tokens);

    private static void Mint(IEconomicLedger ledger, AccountId to, long tokens, string id = "mint-1") =>
        ledger.Post(LedgerPosting.OneLeg(id, PostingKind.Mint, AccountId.Mint, to, T(tokens)));

    [Fact]
    public void Post_MintThenTransfer_MovesBalancesAndConservesSupply()
    {
        using var ledger = EconomicLedger.CreateInMemory();
        Mint(ledger, Alice, 1000);

        ledger.Post(LedgerPosting.OneLeg("t1", PostingKind.Transfer, Alice, Bob, T(300)));

        Assert.Equal(T(700), ledger.GetBalance(Alice));
        Assert.Equal(T(300), ledger.GetBalance(Bob));
        Assert.Equal(T(1000), ledger.TotalSupply);
        Assert.True(ledger.CheckInvariants().IsConsistent);
    }

    [Fact]
    public void Post_MoreThanBalance_ThrowsInsufficientFundsAndChangesNothing()
    {
        using var ledger = EconomicLedger.CreateInMemory();
        Mint(ledger, Alice, 100);

        var ex = Assert.Throws<LedgerException>(() => ledger.Post(new LedgerPosting("t1", PostingKind.Transfer, Hash256.Zero,
            [new TransferLeg(Alice, Bob, T(60)), new TransferLeg(Alice, Host1, T(60))])));

        Assert.Equal(LedgerErrorKind.InsufficientFunds, ex.Kind);
        Assert.Equal(T(100), ledger.GetBalance(Alice));
        Assert.Equal(TokenAmount.Zero, ledger.GetBalance(Bob));
        Assert.False(ledger.HasPosting("t1"));
        Assert.True(ledger.CheckInvariants().IsConsistent);
    }

    [Fact]
    public void Post_SameIdSameContent_IsIdempotent()
    {
        using var ledger = EconomicLedger.CreateInMemory();
        Mint(ledger, Alice, 100);
        var posting = LedgerPosting.OneLeg("t1", PostingKind.Transfer, Alice, Bob, T(10));

        Assert.Equal(PostingOutcome.Applied, ledger.Post(posting));
        Assert.Equal(PostingOutcome.AlreadyApplied, ledger.Post(posting));

        Assert.Equal(T(10), ledger.GetBalance(Bob));
    }

    [Fact]
    public void Post_SameIdOtherContent_ThrowsIdempotencyConflict()
    {
        using var ledger = EconomicLedger.CreateInMemory();
        Mint(ledger, Alice, 100);
        ledger.Post(LedgerPosting.OneLeg("t1", PostingKind.Transfer, Alice, Bob, T(10)));

        var ex = Assert.Throws<LedgerException>(() => ledger.Post(LedgerPosting.OneLeg("t1", PostingKind.Transfer, Alice, Bob, T(11))));

        Assert.Equal(LedgerErrorKind.IdempotencyConflict, ex.Kind);
        Assert.Equal(T(10), ledger.GetBalance(Bob));
    }

    [Theory]
    [InlineData(PostingKind.Transfer, "mint", "user")]
    [InlineData(PostingKind.Transfer, "user", "escrow")]
    [InlineData(PostingKind.Mint, "mint", "escrow")]
    [InlineData(PostingKind.EscrowRelease, "user", "host")]
    [InlineData(PostingKind.Reward, "user", "host")]
    [InlineData(PostingKind.EscrowFund, "user", "host")]
    public void Post_ForbiddenAccounts_ThrowsForbiddenAccount(PostingKind kind, string from, string to)
    {
        using var ledger = EconomicLedger.CreateInMemory();
        Mint(ledger, Alice, 100);

        var ex = Assert.Throws<LedgerException>(() => ledger.Post(new LedgerPosting("x", kind, Contract, [new TransferLeg(Account(from), Account(to), T(1))])));

        Assert.Equal(LedgerErrorKind.ForbiddenAccount, ex.Kind);
    }

    [Fact]
    public void Post_NonPositiveAmountOrNoLegs_ThrowsInvalidPosting()
    {
        using var ledger = EconomicLedger.CreateInMemory();

        Assert.Equal(LedgerErrorKind.InvalidPosting, Assert.Throws<LedgerException>(() => ledger.Post(LedgerPosting.OneLeg("x", PostingKind.Mint, AccountId.Mint, Alice, TokenAmount.Zero))).Kind);
        Assert.Equal(LedgerErrorKind.InvalidPosting, Assert.Throws<LedgerException>(() => ledger.Post(new LedgerPosting("x", PostingKind.Mint, Hash256.Zero, []))).Kind);
        Assert.Equal(LedgerErrorKind.InvalidPosting, Assert.Throws<LedgerException>(() => ledger.Post(LedgerPosting.OneLeg("x", PostingKind.Transfer, Alice, Alice, T(1)))).Kind);
    }

    [Fact]
    public void Escrow_FundReleaseSlashRefund_TracksLockedEqualToAccount()
    {
        using var ledger = EconomicLedger.CreateInMemory();
        Mint(ledger, Alice, 1000);
        var escrow = AccountId.Escrow(Contract);

        ledger.Post(new LedgerPosting("fund", PostingKind.EscrowFund, Contract, [new TransferLeg(Alice, escrow, T(900)), new TransferLeg(Alice, AccountId.Treasury, T(63))]));
        ledger.Post(LedgerPosting.OneLeg("rel", PostingKind.EscrowRelease, escrow, Host1, T(100)).WithContract(Contract));
        ledger.Post(new LedgerPosting("slash", PostingKind.EscrowSlash, Contract, [new TransferLeg(escrow, Alice, T(45)), new TransferLeg(escrow, AccountId.PenaltyPool, T(5))]));
        ledger.Post(LedgerPosting.OneLeg("ref", PostingKind.EscrowRefund, escrow, Alice, T(50)).WithContract(Contract));

        var lockState = ledger.GetEscrow(Contract);
        Assert.Equal(new EscrowLock(T(900), T(100), T(50), T(50)), lockState);
        Assert.Equal(T(700), lockState.Locked);
        Assert.Equal(T(700), ledger.GetBalance(escrow));
        var report = ledger.CheckInvariants();
        Assert.True(report.IsConsistent, string.Join("; ", report.Violations));
        Assert.Equal(T(700), report.LockedByContracts);
    }

    [Fact]
    public void Reopen_FileLedger_KeepsEverything()
    {
        using (var ledger = EconomicLedger.OpenSqlite(DbPath))
        {
            Mint(ledger, Alice, 1000);
            ledger.Post(LedgerPosting.OneLeg("t1", PostingKind.Transfer, Alice, Bob, T(1)));
        }

        using var reopened = EconomicLedger.OpenSqlite(DbPath);
        Assert.Equal(T(999), reopened.GetBalance(Alice));
        Assert.True(reopened.HasPosting("t1"));
        Assert.Equal(PostingOutcome.AlreadyApplied, reopened.Post(LedgerPosting.OneLeg("t1", PostingKind.Transfer, Alice, Bob, T(1))));
        Assert.True(reopened.CheckInvariants().IsConsistent);
    }

    [Fact]
    public void CheckInvariants_TamperedBalance_IsReported()
    {
        using (var ledger = EconomicLedger.OpenSqlite(DbPath))
        {
            Mint(ledger, Alice, 1000);
        }

        using (var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            raw.Open();
            using var cmd = raw.CreateCommand();
            cmd.CommandText = "UPDATE accounts SET balance = balance + 1 WHERE id = 'user:alice'";
            cmd.ExecuteNonQuery();
        }

        using var reopened = EconomicLedger.OpenSqlite(DbPath);
        var report = reopened.CheckInvariants();
        Assert.False(report.IsConsistent);
        Assert.Contains(report.Violations, v => v.Contains("user:alice", StringComparison.Ordinal));
    }

    public static TheoryData<PostingKind, int> KindsAndFaultPoints()
    {
        var data = new TheoryData<PostingKind, int>();
        foreach (var kind in Enum.GetValues<PostingKind>())
        {
            foreach (var point in Enum.GetValues<LedgerFaultPoint>())
            {
                data.Add(kind, (int)point);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KindsAndFaultPoints))]
    public void Post_CrashInsideEachKindOfTransaction_ReopensConsistentWithoutThePosting(PostingKind kind, int faultPoint)
    {
        var point = (LedgerFaultPoint)faultPoint;
        LedgerPosting posting;
        IReadOnlyList<KeyValuePair<AccountId, TokenAmount>> before;
        var ledger = (SqliteLedger)EconomicLedger.OpenSqlite(DbPath);
        var workload = new LedgerWorkload(ledger, 11);
        for (var i = 0; i < 60; i++)
        {
            workload.Step();
        }

        before = ledger.GetBalances();
        do
        {
            posting = workload.Next(kind);
        }
        while (posting.Kind != kind);

        ledger.FaultInjector = p =>
        {
            if (p == point)
            {
                throw new SimulatedCrashException();
            }
        };
        Assert.Throws<SimulatedCrashException>(() => ledger.Post(posting));
        ledger.Dispose(); // the process "dies": the connection goes away without a commit

        using var reopened = EconomicLedger.OpenSqlite(DbPath);
        var report = reopened.CheckInvariants();
        Assert.True(report.IsConsistent, string.Join("; ", report.Violations));
        Assert.False(reopened.HasPosting(posting.TransferId));
        Assert.Equal(before, reopened.GetBalances());
        Assert.Equal(PostingOutcome.Applied, reopened.Post(posting));
        Assert.True(reopened.CheckInvariants().IsConsistent);
    }

    [Fact]
    public async Task Post_ProcessKilledMidTransfers_ReopensConsistent()
    {
        var testAssembly = typeof(SqliteLedgerTests).Assembly.Location;
        for (var round = 0; round < 3; round++)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "exec", testAssembly, "ledger-child", DbPath, (100 + round).ToString(System.Globalization.CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(arg);
            }

            using var child = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                var lines = new List<string>();
                string? line;
                while ((line = await child.StandardOutput.ReadLineAsync(timeout.Token)) is not null && line != "ready")
                {
                    lines.Add(line);
                }

                Assert.True(line == "ready", $"child did not start; it printed: {string.Join(" | ", lines)}");
                var target = 20 + (round * 15);
                var posted = 0;
                while (posted < target && (line = await child.StandardOutput.ReadLineAsync(timeout.Token)) is not null)
                {
                    posted = int.Parse(line.AsSpan("posted ".Length), System.Globalization.CultureInfo.InvariantCulture);
                }

                Assert.True(posted >= target, "the child stopped posting on its own");
                Assert.True(CountPostings() >= target);
            }
            finally
            {
                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync(CancellationToken.None);
            }

            using var reopened = EconomicLedger.OpenSqlite(DbPath);
            var report = reopened.CheckInvariants();
            Assert.True(report.IsConsistent, string.Join("; ", report.Violations));
            Assert.True(reopened.TotalSupply > TokenAmount.Zero);
        }
    }

    private long CountPostings()
    {
        using var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DbPath};Mode=ReadOnly;Pooling=False");
        raw.Open();
        using var cmd = raw.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM postings";
        return (long)cmd.ExecuteScalar()!;
    }

    private static AccountId Account(string name) => name switch
    {
        "mint" => AccountId.Mint,
        "user" => Alice,
        "host" => Host1,
        "escrow" => AccountId.Escrow(Contract),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private sealed class SimulatedCrashException : Exception
    {
    }
}
