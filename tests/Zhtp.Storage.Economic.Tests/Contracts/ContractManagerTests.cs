namespace Zhtp.Storage.Economic.Tests.Contracts;

public sealed class ContractManagerTests
{
    private static TokenAmount T(long tokens) => TokenAmount.FromWholeTokens(tokens);

    [Fact]
    public async Task HonestHost_AllPeriodsPass_IsPaidValuePlusPlatinumBonus()
    {
        using var h = new EconomyHarness();
        h.MintToRenter(100_000);
        var contract = await h.ActiveContractAsync(0);

        // 20,000 bytes → 1 GB, 3 days, hot, replication 3: subtotal 9,000; this host's share 3,000 + fees 210; bonus up to 450.
        Assert.Equal(T(3000), contract.Value);
        Assert.Equal(T(210), contract.Fees);
        Assert.Equal(T(450), contract.MaxPerformanceBonus);
        Assert.Equal(T(100_000 - 3210), h.Ledger.GetBalance(h.RenterAccount));
        Assert.Equal(T(3000), h.Payments.Locked(contract));

        for (var period = 0; period < 3; period++)
        {
            var report = await h.RunPeriodAsync(contract, period);
            Assert.True(report.Evaluation.Passed);
            Assert.Equal(T(800), report.Released);
        }

        var (record, paid, bonus) = await h.Manager.CompleteAsync(contract.ContractId, CancellationToken.None);

        Assert.Equal(ContractState.Settlement, record.State);
        Assert.Equal(T(600), paid);
        Assert.Equal(T(210), bonus); // Platinum bonus of 450, capped at what the treasury holds (this contract's 210 in fees)
        Assert.Equal(T(3000 + 210), h.Ledger.GetBalance(h.HostAccount(0)));
        Assert.Equal(TokenAmount.Zero, h.Payments.Locked(contract));
        // +300 per Platinum period, decaying 5 % of the gap to 1,000 per day in between (1300 → 1285+300 → 1556+300), +500 at completion.
        Assert.Equal(2356, h.Reputation.GetScore(contract.Host));
        Assert.True(h.Ledger.CheckInvariants().IsConsistent);
        Assert.All(h.Holders, holder => Assert.Equal(ContractState.Settlement, holder.Query(contract.ContractId)!.State));
        Assert.Equal(72, h.Manager.AuditsPassed);
    }

    [Fact]
    public async Task HostDropsShard_FailsAudits_PenalizedTerminatedAndRenterRefunded()
    {
        using var h = new EconomyHarness();
        h.MintToRenter(100_000);
        var contract = await h.ActiveContractAsync(0);
        var first = await h.RunPeriodAsync(contract, 0);
        Assert.True(first.Evaluation.Passed);

        h.Stores[0].Drop(h.Shards[1].ShardId);
        var report = await h.RunPeriodAsync(contract, 1);

        Assert.Equal(ViolationKind.DataLoss, report.Penalized);
        Assert.True(report.Evaluation.Integrity < 0.99m);
        Assert.Equal(ContractState.Settlement, report.State);
        // Period share 800 refunded; penalty 50 % of 3,000 = 1,500 capped at the 1,400 still locked: 1,260 to the renter, 140 to the pool.
        Assert.Equal(T(1400), report.Slashed);
        Assert.Equal(T(800), report.Refunded);
        Assert.Equal(T(800), h.Ledger.GetBalance(h.HostAccount(0)));
        Assert.Equal(T(140), h.Ledger.GetBalance(AccountId.PenaltyPool));
        Assert.Equal(T(100_000 - 3210 + 800 + 1260), h.Ledger.GetBalance(h.RenterAccount));
        Assert.Equal(1000 + 285 - 500, h.Reputation.GetScore(contract.Host)); // +300 decayed by one day to +285, then −500
        Assert.Equal(TokenAmount.Zero, h.Payments.Locked(contract));
        Assert.True(h.Ledger.CheckInvariants().IsConsistent);
        var history = h.Manager.Get(contract.ContractId).History.Select(t => t.Event).ToList();
        Assert.Equal(
            [ContractEvent.Fund, ContractEvent.BeginMonitoring, ContractEvent.PassPeriod, ContractEvent.ReportViolation, ContractEvent.ApplyPenalty, ContractEvent.Resolve, ContractEvent.Terminate],
            history);
    }

    [Fact]
    public async Task HostCorruptsShard_AuditsFailAsInvalidProof_Penalized()
    {
        using var h = new EconomyHarness();
        h.MintToRenter(100_000);
        var contract = await h.ActiveContractAsync(1);
        h.Stores[1].Corrupt(h.Shards[0].ShardId);
        h.Stores[1].Corrupt(h.Shards[1].ShardId);
        h.Stores[1].Corrupt(h.Shards[2].ShardId);

        var report = await h.RunPeriodAsync(contract, 0);

        Assert.Equal(0m, report.Evaluation.Integrity);
        Assert.Equal(ViolationKind.DataLoss, report.Penalized);
        Assert.Equal(T(1500), report.Slashed);
        Assert.Equal(T(100_000 - 3210 + 800 + 1350 + 700), h.Ledger.GetBalance(h.RenterAccount)); // period share, 90 % of the penalty, the rest on termination
        Assert.Equal(TokenAmount.Zero, h.Ledger.GetBalance(h.HostAccount(1)));
        Assert.True(h.Reputation.GetScore(contract.Host) < 1000);
        Assert.True(h.Ledger.CheckInvariants().IsConsistent);
    }

    [Fact]
    public async Task Completion_AfterAFailedPeriod_PaysTheCompletionShareProRata_AndRefundsTheRest()
    {
        using var h = new EconomyHarness();
        h.MintToRenter(100_000);
        var contract = await h.ActiveContractAsync(1);
        var renterBefore = h.Ledger.GetBalance(h.RenterAccount);

        // Periods 0 and 2 pass, period 1 fails within grace (refunded); then the term completes.
        Assert.Equal(T(800), h.Payments.ReleasePeriod(contract, 0));
        Assert.Equal(T(800), h.Payments.RefundPeriod(contract, 1));
        Assert.Equal(T(800), h.Payments.ReleasePeriod(contract, 2));
        var paid = h.Payments.SettleCompletion(contract, periodsPassed: 2);

        Assert.Equal(T(400), paid); // completion share 600 × 2/3
        Assert.Equal(T(800 + 800 + 400), h.Ledger.GetBalance(h.HostAccount(1)));
        Assert.Equal(renterBefore + T(800 + 200), h.Ledger.GetBalance(h.RenterAccount));
        Assert.Equal(TokenAmount.Zero, h.Payments.Locked(contract));
        Assert.Equal(T(400), h.Payments.SettleCompletion(contract, periodsPassed: 2)); // idempotent
        Assert.True(h.Ledger.CheckInvariants().IsConsistent);
    }

    [Fact]
    public async Task SlowHost_PenalizedFivePercentAndResumes()
    {
        using var h = new EconomyHarness();
        h.MintToRenter(100_000);
        var contract = await h.ActiveContractAsync(2);
        h.Network.SetDelay(h.HostSigners[2].PublicKey, TimeSpan.FromSeconds(6));

        var report = await h.RunPeriodAsync(contract, 0);

        Assert.Equal(ViolationKind.SlowResponse, report.Penalized);
        Assert.Equal(T(150), report.Slashed);
        Assert.Equal(ContractState.Monitoring, report.State);
        Assert.Equal(900, report.Reputation);

        h.Network.SetDelay(h.HostSigners[2].PublicKey, TimeSpan.FromMilliseconds(10));
        var next = await h.RunPeriodAsync(contract, 1);
        Assert.True(next.Evaluation.Passed);
        Assert.Equal(T(800), next.Released);
        Assert.True(h.Ledger.CheckInvariants().IsConsistent);
    }

    [Fact]
    public async Task OfflineHost_Unavailability_PenalizedTenPercent()
    {
        using var h = new EconomyHarness();
        h.MintToRenter(100_000);
        var contract = await h.ActiveContractAsync(0);

        var report = await h.RunPeriodAsync(contract, 0, hour => h.Network.SetOnline(h.HostSigners[0].PublicKey, hour % 4 != 0));

        Assert.True(report.Evaluation.Uptime < 0.95m);
        // Integrity also drops below 99 % (unanswered audits), so the heavier data-loss clause wins.
        Assert.Equal(ViolationKind.DataLoss, report.Penalized);
        Assert.Contains(ViolationKind.Unavailability, report.Evaluation.Violations);
    }

    [Fact]
    public async Task EarlyTermination_HostKeepsEarnedShares_RenterRefundedRest()
    {
        using var h = new EconomyHarness();
        h.MintToRenter(100_000);
        var contract = await h.ActiveContractAsync(0);
        await h.RunPeriodAsync(contract, 0);

        var (record, toHost, toRenter) = await h.Manager.TerminateAsync(contract.ContractId, CancellationToken.None);

        Assert.Equal(ContractState.Settlement, record.State);
        Assert.Equal(T(200), toHost);      // 600 completion share × 1/3 periods passed
        Assert.Equal(T(2000), toRenter);   // 3,000 − 800 released − 200
        Assert.Equal(T(1000), h.Ledger.GetBalance(h.HostAccount(0)));
        Assert.True(h.Ledger.CheckInvariants().IsConsistent);
    }

    [Fact]
    public async Task Activate_RenterCannotPay_ThrowsInsufficientFundsAndStaysUnfunded()
    {
        using var h = new EconomyHarness();
        h.MintToRenter(1000);
        var contract = h.SignedContract(0);
        await h.Manager.DeployAsync(contract, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<LedgerException>(() => h.Manager.ActivateAsync(contract.ContractId, CancellationToken.None));

        Assert.Equal(LedgerErrorKind.InsufficientFunds, ex.Kind);
        Assert.Equal(ContractState.Contract, h.Manager.Get(contract.ContractId).State);
        Assert.Equal(T(1000), h.Ledger.GetBalance(h.RenterAccount));
    }

    [Fact]
    public async Task Deploy_UnsignedByHost_Throws()
    {
        using var h = new EconomyHarness();
        var contract = h.SignedContract(0) with { HostSignature = ReadOnlyMemory<byte>.Empty };

        await Assert.ThrowsAsync<ContractException>(() => h.Manager.DeployAsync(contract, CancellationToken.None));
    }

    [Fact]
    public async Task Complete_BeforeAllPeriods_IsIllegal()
    {
        using var h = new EconomyHarness();
        h.MintToRenter(100_000);
        var contract = await h.ActiveContractAsync(0);
        await h.RunPeriodAsync(contract, 0);

        await Assert.ThrowsAsync<IllegalTransitionException>(() => h.Manager.CompleteAsync(contract.ContractId, CancellationToken.None));
    }

    [Fact]
    public async Task GetStats_CountsContractsValueAndAudits()
    {
        using var h = new EconomyHarness();
        h.MintToRenter(100_000);
        var a = await h.ActiveContractAsync(0);
        await h.ActiveContractAsync(1);
        await h.RunPeriodAsync(a, 0);

        var stats = h.Manager.GetStats();

        Assert.Equal(2, stats.TotalContracts);
        Assert.Equal(2, stats.ActiveContracts);
        Assert.Equal(2 * h.Shards.Sum(s => s.SizeBytes), stats.StorageUnderContractBytes);
        Assert.Equal(5200m, stats.ValueLocked);
        Assert.Equal(3000m, stats.AverageContractValue);
        Assert.Equal(24, stats.AuditsRun);
        Assert.Equal(24, stats.AuditsPassed);
    }
}
