namespace Zhtp.Storage.Economic.Tests.Pricing;

public sealed class EconomicConfigTests
{
    [Fact]
    public void Defaults_AreTheIssueNumbers_AndValid()
    {
        var c = new EconomicConfig();
        Assert.Empty(c.Validate());
        Assert.Equal(100m, c.BasePricePerGbDay);
        Assert.Equal(TimeSpan.FromHours(1), c.QuoteValidity);
        Assert.Equal(1000, c.InitialReputation);
        Assert.Equal(500, c.MinReputationForReplication);
        Assert.Equal(0.80m, c.ScheduledReleaseShare);
    }

    [Fact]
    public void Validate_ReportsEveryBadEconomicField()
    {
        var c = new EconomicConfig { ScheduledReleaseShare = 1.5m, PenaltyPoolShare = -0.1m, ReputationDecayPerDay = 2m, MaxReputation = 10, BillingPeriod = TimeSpan.Zero };

        var errors = c.Validate();

        foreach (var field in new[] { "ScheduledReleaseShare", "PenaltyPoolShare", "ReputationDecayPerDay", "MaxReputation", "BillingPeriod" })
        {
            Assert.Contains(errors, e => e.Contains(field, StringComparison.Ordinal));
        }

        Assert.Throws<ConfigurationException>(() => new PricingEngine(c));
    }
}
