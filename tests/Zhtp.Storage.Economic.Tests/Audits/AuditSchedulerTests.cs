namespace Zhtp.Storage.Economic.Tests.Audits;

public sealed class AuditSchedulerTests
{
    [Fact]
    public void TakeDue_FirstAuditWithinFirstInterval_ThenEveryInterval()
    {
        using var h = new EconomyHarness(hosts: 1);
        var contract = h.SignedContract(0);
        var scheduler = new AuditScheduler(new Random(1));
        var start = h.Time.GetUtcNow();
        scheduler.Add(contract, start);
        var first = scheduler.NextAudit(contract.ContractId)!.Value;
        Assert.InRange(first, start, start + TimeSpan.FromHours(1));

        Assert.Empty(scheduler.TakeDue(first - TimeSpan.FromTicks(1)));
        Assert.Equal([contract.ContractId], scheduler.TakeDue(first));
        Assert.Equal(first + TimeSpan.FromHours(1), scheduler.NextAudit(contract.ContractId));

        // A late tick takes the audit once and does not replay missed slots.
        Assert.Single(scheduler.TakeDue(first + TimeSpan.FromHours(5.5)));
        Assert.Equal(first + TimeSpan.FromHours(6), scheduler.NextAudit(contract.ContractId));
        scheduler.Remove(contract.ContractId);
        Assert.Equal(0, scheduler.Count);
    }

    [Fact]
    public async Task TickAsync_DrivesAuditsPeriodsAndCompletionOnItsOwn()
    {
        using var h = new EconomyHarness();
        h.MintToRenter(100_000);
        var honest = await h.ActiveContractAsync(0);
        var lossy = await h.ActiveContractAsync(1);
        h.Stores[1].Drop(h.Shards[0].ShardId);
        var reports = new List<PeriodReport>();

        for (var minutes = 0; minutes <= 3 * 24 * 60; minutes += 10)
        {
            reports.AddRange(await h.Manager.TickAsync(CancellationToken.None));
            h.Time.Advance(TimeSpan.FromMinutes(10));
        }

        Assert.Equal(ContractState.Settlement, h.Manager.Get(honest.ContractId).State);
        Assert.Equal(3, h.Manager.Get(honest.ContractId).PeriodsPassed);
        Assert.Equal(ContractState.Settlement, h.Manager.Get(lossy.ContractId).State);
        Assert.Contains(reports, r => r.Penalized == ViolationKind.DataLoss);
        Assert.InRange(h.Manager.AuditsRun, 94, 98); // hourly: 72 on the honest host over 3 days, 24 on the lossy one before it is terminated
        Assert.True(h.Ledger.CheckInvariants().IsConsistent);
    }
}
