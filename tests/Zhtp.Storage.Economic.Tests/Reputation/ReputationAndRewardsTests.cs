using Microsoft.Extensions.Time.Testing;

namespace Zhtp.Storage.Economic.Tests.Reputation;

public sealed class ReputationAndRewardsTests
{
    private static readonly NodeId Node = new(Hash256.Random(new Random(1)));

    [Fact]
    public void NewNode_StartsAtThousand_Eligible_NotBanned()
    {
        var rep = new ReputationSystem(new EconomicConfig(), new FakeTimeProvider(EconomyHarness.Start));
        Assert.Equal(1000, rep.GetScore(Node));
        Assert.True(rep.IsEligibleForReplication(Node));
        Assert.False(rep.IsBanned(Node));
    }

    [Fact]
    public void Thresholds_Under500NotChosen_AtOrBelow100Banned()
    {
        var rep = new ReputationSystem(new EconomicConfig(), new FakeTimeProvider(EconomyHarness.Start));
        rep.Adjust(Node, -501);
        Assert.False(rep.IsEligibleForReplication(Node));
        Assert.False(rep.IsBanned(Node));
        rep.Adjust(Node, -399);
        Assert.True(rep.IsBanned(Node));
        Assert.Equal(0, rep.Adjust(Node, -5000));
    }

    [Theory]
    [InlineData("0.5", 100)]
    [InlineData("0.7", 120)]
    [InlineData("0.85", 150)]
    [InlineData("0.9", 200)]
    [InlineData("0.95", 300)]
    public void PeriodGain_FollowsTierMultiplier(string score, int gain) =>
        Assert.Equal(gain, ReputationSystem.PeriodGain(decimal.Parse(score, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData(ViolationKind.SlowResponse, 100)]
    [InlineData(ViolationKind.Unavailability, 200)]
    [InlineData(ViolationKind.QualityDegradation, 300)]
    [InlineData(ViolationKind.DataLoss, 500)]
    [InlineData(ViolationKind.ContractBreach, 500)]
    public void ViolationLoss_Between100And500(ViolationKind kind, int loss) => Assert.Equal(loss, ReputationSystem.ViolationLoss(kind));

    [Fact]
    public void Decay_FivePercentOfGapPerWholeDay_BothDirections()
    {
        var time = new FakeTimeProvider(EconomyHarness.Start);
        var rep = new ReputationSystem(new EconomicConfig(), time);
        var other = new NodeId(Hash256.Random(new Random(2)));
        rep.Adjust(Node, 300);
        rep.Adjust(other, -400);
        time.Advance(TimeSpan.FromHours(23));
        Assert.Equal(1300, rep.GetScore(Node));
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1285, rep.GetScore(Node));
        Assert.Equal(620, rep.GetScore(other));
        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1271, rep.GetScore(Node)); // 285 − 14 (14.25 rounded toward zero)
        time.Advance(TimeSpan.FromDays(3650));
        Assert.Equal(1000, rep.GetScore(Node));
        Assert.Equal(1000, rep.GetScore(other));
    }

    [Theory]
    [InlineData("0.69", "None", "1.0")]
    [InlineData("0.7", "Bronze", "1.2")]
    [InlineData("0.8", "Silver", "1.5")]
    [InlineData("0.9", "Gold", "2.0")]
    [InlineData("0.95", "Platinum", "3.0")]
    public void Tiers_AndMultipliers(string score, string tierName, string multiplier)
    {
        var tier = Enum.Parse<RewardTier>(tierName);
        Assert.Equal(tier, RewardManager.TierFor(decimal.Parse(score, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(decimal.Parse(multiplier, System.Globalization.CultureInfo.InvariantCulture), RewardManager.Multiplier(tier));
    }

    [Fact]
    public void Bonus_IsShareOfLargestBonusByTier()
    {
        using var h = new EconomyHarness(hosts: 1);
        var contract = h.SignedContract(0);
        Assert.Equal(TokenAmount.FromWholeTokens(450), contract.MaxPerformanceBonus);
        Assert.Equal(TokenAmount.Zero, RewardManager.Bonus(contract, 0.5m));
        Assert.Equal(TokenAmount.FromWholeTokens(45), RewardManager.Bonus(contract, 0.7m));
        Assert.Equal(TokenAmount.FromTokens(112.5m), RewardManager.Bonus(contract, 0.8m));
        Assert.Equal(TokenAmount.FromWholeTokens(225), RewardManager.Bonus(contract, 0.9m));
        Assert.Equal(TokenAmount.FromWholeTokens(450), RewardManager.Bonus(contract, 1m));
    }

    [Fact]
    public void PenaltyEnforcer_GracePeriods_PerClause()
    {
        using var h = new EconomyHarness(hosts: 1);
        var contract = h.SignedContract(0);
        var enforcer = new PenaltyEnforcer();
        var start = contract.StartsAt;
        var slow = new SlaEvaluation(1, 1, TimeSpan.FromSeconds(6), 1, 0, 1, [ViolationKind.SlowResponse]);
        var breach = new SlaEvaluation(1, 1, TimeSpan.Zero, 0.5m, 0, 0.875m, [ViolationKind.ContractBreach]);

        Assert.Null(enforcer.Observe(contract, slow, start, start + TimeSpan.FromMinutes(4)));
        Assert.Equal(ViolationKind.SlowResponse, enforcer.Observe(contract, slow, start, start + TimeSpan.FromMinutes(5)));
        Assert.Null(enforcer.Observe(contract, new SlaEvaluation(1, 1, TimeSpan.Zero, 1, 0, 1, []), start, start + TimeSpan.FromMinutes(6)));
        Assert.Null(enforcer.Observe(contract, slow, start + TimeSpan.FromMinutes(6), start + TimeSpan.FromMinutes(7)));
        Assert.Equal(ViolationKind.ContractBreach, enforcer.Observe(contract, breach, start, start));
    }

    [Fact]
    public void SlaEvaluation_ComputesScoreAndViolations()
    {
        var metrics = new PeriodMetrics();
        var id = Hash256.Zero;
        for (var i = 0; i < 10; i++)
        {
            metrics.RecordAudit(new AuditOutcome(id, id, 0, i < 9 ? AuditResult.Passed : AuditResult.NoResponse, TimeSpan.FromSeconds(1)));
            metrics.RecordPing(i < 9, TimeSpan.FromSeconds(1));
        }

        var e = SlaEvaluation.Evaluate(metrics, new SlaTerms());

        Assert.Equal(0.9m, e.Integrity);
        Assert.Equal(0.9m, e.Uptime);
        Assert.Equal(0.1m, e.ErrorRate);
        Assert.Equal((0.9m + 0.9m + 0.9m + 1m) / 4m, e.QualityScore);
        Assert.Equal([ViolationKind.DataLoss, ViolationKind.Unavailability], e.Violations);
    }
}

public sealed class ReputationStoreTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("econ-rep-");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public void Store_ScoresAndDecaySurviveRestart()
    {
        var path = Path.Combine(_dir.FullName, "reputation.db");
        var time = new FakeTimeProvider(EconomyHarness.Start);
        var node = new NodeId(Hash256.Random(new Random(7)));
        using (var store = ReputationStore.OpenSqlite(path))
        {
            var rep = new ReputationSystem(new EconomicConfig(), time, store);
            rep.Adjust(node, 300);
            time.Advance(TimeSpan.FromHours(12));
        }

        time.Advance(TimeSpan.FromHours(12));
        using var reopened = ReputationStore.OpenSqlite(path);
        var restarted = new ReputationSystem(new EconomicConfig(), time, reopened);
        Assert.Equal(1285, restarted.GetScore(node));
    }
}
