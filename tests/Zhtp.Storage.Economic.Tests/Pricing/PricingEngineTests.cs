using Zhtp.Storage.Types;

namespace Zhtp.Storage.Economic.Tests.Pricing;

public sealed class PricingEngineTests
{
    private static readonly PricingEngine Engine = new(new EconomicConfig());

    // The worked examples of docs/economics.md, to the micro-token.
    [Theory]
    [InlineData(10_000_000_000L, 30.0, StorageTier.Hot, 3, QualityLevel.Basic, Urgency.Normal, false, "0.6", "0", "900000", "0", "45000", "18000", "963000")]
    [InlineData(10_000_000_000L, 30.0, StorageTier.Hot, 3, QualityLevel.Premium, Urgency.Normal, true, "0.6", "0", "1350000", "135000", "67500", "27000", "1579500")]
    [InlineData(2_500_000_000L, 7.5, StorageTier.Archive, 5, QualityLevel.Basic, Urgency.Low, false, "0.3", "0", "2304", "0", "115.2", "46.08", "2465.28")]
    [InlineData(1L, 1.0, StorageTier.Warm, 3, QualityLevel.Enterprise, Urgency.Critical, true, "0.97", "75", "10800", "1080", "540", "216", "12636")]
    [InlineData(1_000_000_000L, 1.0, StorageTier.Cold, 3, QualityLevel.Basic, Urgency.High, false, "0.9", "20", "810", "0", "40.5", "16.2", "866.7")]
    [InlineData(1_073_741_824L, 365.0, StorageTier.Warm, 12, QualityLevel.Basic, Urgency.Normal, false, "0.85", "10", "4730400", "0", "236520", "94608", "5061528")]
    public void Price_WorkedExamples_MatchDocsToTheMicroToken(
        long size, double days, StorageTier tier, int replication, QualityLevel quality, Urgency urgency, bool guarantees,
        string utilization, string demand, string subtotal, string premium, string networkFee, string escrowFee, string total)
    {
        var request = new QuoteRequest(size, TimeSpan.FromTicks((long)(days * TimeSpan.TicksPerDay)), tier, replication, quality, urgency, guarantees);
        var market = new MarketConditions(decimal.Parse(utilization, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(demand, System.Globalization.CultureInfo.InvariantCulture));

        var price = Engine.Price(request, market);

        Assert.Equal(subtotal, price.Subtotal.ToString());
        Assert.Equal(premium, price.QualityPremium.ToString());
        Assert.Equal(networkFee, price.NetworkFee.ToString());
        Assert.Equal(escrowFee, price.EscrowFee.ToString());
        Assert.Equal(total, price.Total.ToString());
    }

    // Hand-computed from the rates docs/economics.md documents (and EconomicConfig defaults to):
    // 100 tokens per GB-day; Hot ×10, Warm ×3, Cold ×1, Archive ×0.3; Premium ×1.5, Enterprise ×2;
    // urgency Low ×0.8, High ×1.5, Critical ×2; market ×0.8 below 50 % utilization, ×1.5 from 80 %;
    // demand ×1.2 from 10 requests per provider; quality premium 10 %, network fee 5 %, escrow fee 2 %,
    // largest performance bonus 15 % of the subtotal. GB (10^9 bytes) and days are billed rounded up.
    [Fact]
    public void Price_TenGbThirtyDaysHotThreeReplicas_MatchesHandComputedItems()
    {
        var price = Engine.Price(new QuoteRequest(10_000_000_000, TimeSpan.FromDays(30), StorageTier.Hot, 3), MarketConditions.Default);

        Assert.Equal(10, price.BilledGb);
        Assert.Equal(30, price.BilledDays);
        Assert.Equal(Tokens(900_000m), price.Subtotal);            // 100 × 10 × 10 GB × 30 days × 3
        Assert.Equal(TokenAmount.Zero, price.QualityPremium);      // no guarantees asked
        Assert.Equal(Tokens(45_000m), price.NetworkFee);           // 5 % of 900,000
        Assert.Equal(Tokens(18_000m), price.EscrowFee);            // 2 % of 900,000
        Assert.Equal(Tokens(135_000m), price.MaxPerformanceBonus); // 15 % of 900,000
        Assert.Equal(Tokens(963_000m), price.Total);               // 900,000 + 45,000 + 18,000
        Assert.Equal(Tokens(900_000m), price.HostPayment);
        Assert.Equal(Tokens(63_000m), price.Fees);
    }

    [Fact]
    public void Price_WarmPremiumHighUrgencyBusyMarket_MatchesHandComputedItems()
    {
        // 2.2 GB → 3 GB, 2 days and 1 hour → 3 days; utilization 0.85 → ×1.5, 20 requests per provider → ×1.2.
        var request = new QuoteRequest(2_200_000_000, TimeSpan.FromDays(2) + TimeSpan.FromHours(1), StorageTier.Warm, 4, QualityLevel.Premium, Urgency.High, QualityGuarantees: true);

        var price = Engine.Price(request, new MarketConditions(0.85m, 20m));

        Assert.Equal(3, price.BilledGb);
        Assert.Equal(3, price.BilledDays);
        Assert.Equal(Tokens(43_740m), price.Subtotal);           // 100 × 3 × 1.5 × 1.5 × 1.5 × 1.2 = 1,215 per GB-day-replica; × 3 GB × 3 days × 4
        Assert.Equal(Tokens(4_374m), price.QualityPremium);      // 10 % of 43,740
        Assert.Equal(Tokens(2_187m), price.NetworkFee);          // 5 %
        Assert.Equal(Tokens(874.8m), price.EscrowFee);           // 2 %
        Assert.Equal(Tokens(6_561m), price.MaxPerformanceBonus); // 15 %
        Assert.Equal(Tokens(51_175.8m), price.Total);            // 43,740 + 4,374 + 2,187 + 874.8
        Assert.Equal(Tokens(48_114m), price.HostPayment);        // subtotal + premium
    }

    [Fact]
    public void Price_ArchiveEnterpriseLowUrgencyQuietMarket_MatchesHandComputedItems()
    {
        // 1 byte → 1 GB, 10 days; utilization 0.2 → ×0.8.
        var request = new QuoteRequest(1, TimeSpan.FromDays(10), StorageTier.Archive, 7, QualityLevel.Enterprise, Urgency.Low);

        var price = Engine.Price(request, new MarketConditions(0.2m, 0m));

        Assert.Equal(Tokens(2_688m), price.Subtotal);          // 100 × 0.3 × 2 × 0.8 × 0.8 = 38.4; × 1 GB × 10 days × 7
        Assert.Equal(TokenAmount.Zero, price.QualityPremium);
        Assert.Equal(Tokens(134.4m), price.NetworkFee);        // 5 % of 2,688
        Assert.Equal(Tokens(53.76m), price.EscrowFee);         // 2 %
        Assert.Equal(Tokens(403.2m), price.MaxPerformanceBonus); // 15 %
        Assert.Equal(Tokens(2_876.16m), price.Total);          // 2,688 + 134.4 + 53.76
    }

    [Theory]
    [InlineData("0", "0.8")]
    [InlineData("0.4999", "0.8")]
    [InlineData("0.5", "1.0")]
    [InlineData("0.7999", "1.0")]
    [InlineData("0.8", "1.5")]
    [InlineData("0.9499", "1.5")]
    [InlineData("0.95", "2.0")]
    [InlineData("1", "2.0")]
    public void MarketFactor_Thresholds_FollowTheRules(string utilization, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), PricingEngine.MarketFactor(decimal.Parse(utilization, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("0", "1.0")]
    [InlineData("9.99", "1.0")]
    [InlineData("10", "1.2")]
    [InlineData("49.9", "1.2")]
    [InlineData("50", "1.5")]
    [InlineData("100000", "1.5")]
    public void DemandFactor_Thresholds_FollowTheRules(string demand, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), PricingEngine.DemandFactor(decimal.Parse(demand, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Price_BillingRoundsSizeAndDaysUp()
    {
        var price = Engine.Price(new QuoteRequest(1_000_000_001, TimeSpan.FromDays(1) + TimeSpan.FromTicks(1), StorageTier.Cold, 3), MarketConditions.Default);

        Assert.Equal(2, price.BilledGb);
        Assert.Equal(2, price.BilledDays);
        Assert.Equal(TokenAmount.FromWholeTokens(100 * 2 * 2 * 3), price.Subtotal);
    }

    [Fact]
    public void Price_FeeShares_RoundHalfAwayFromZeroToTheMicroToken()
    {
        var engine = new PricingEngine(new EconomicConfig { BasePricePerGbDay = 0.000011m });

        var price = engine.Price(new QuoteRequest(1, TimeSpan.FromDays(1), StorageTier.Cold, 3), MarketConditions.Default);

        Assert.Equal(33, price.Subtotal.Micros);
        Assert.Equal(2, price.NetworkFee.Micros); // 1.65 → 2
        Assert.Equal(1, price.EscrowFee.Micros);  // 0.66 → 1
    }

    [Theory]
    [InlineData(0L, 1, 3)]
    [InlineData(1L, 0, 3)]
    [InlineData(1L, 1, 2)]
    [InlineData(1L, 1, 13)]
    public void Price_InvalidRequest_ThrowsPricingException(long size, int days, int replication) =>
        Assert.Throws<PricingException>(() => Engine.Price(new QuoteRequest(size, TimeSpan.FromDays(days), StorageTier.Hot, replication), MarketConditions.Default));

    [Fact]
    public void Price_InvalidMarket_ThrowsPricingException()
    {
        var request = new QuoteRequest(1, TimeSpan.FromDays(1), StorageTier.Hot, 3);
        Assert.Throws<PricingException>(() => Engine.Price(request, new MarketConditions(1.01m, 0)));
        Assert.Throws<PricingException>(() => Engine.Price(request, new MarketConditions(0.5m, -1)));
    }

    [Fact]
    public void Price_Overflow_ThrowsPricingExceptionNotWrap()
    {
        var request = new QuoteRequest(long.MaxValue, TimeSpan.FromDays(36_500), StorageTier.Hot, 12, QualityLevel.Enterprise, Urgency.Critical);

        var ex = Assert.Throws<PricingException>(() => Engine.Price(request, new MarketConditions(1m, 100m)));
        Assert.Contains("split", ex.Message, StringComparison.Ordinal);
    }

    private static TokenAmount Tokens(decimal tokens) => TokenAmount.FromTokens(tokens);
}
