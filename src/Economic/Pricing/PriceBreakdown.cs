using Zhtp.Storage.Types;

namespace Zhtp.Storage.Economic.Pricing;

/// <summary>
/// An itemized price: every factor that went into the subtotal and every item added on top of it.
/// All items are shares of the subtotal (not compounded); <see cref="Total"/> is their exact sum.
/// </summary>
public sealed record PriceBreakdown
{
    /// <summary>Base price in tokens per GB per day.</summary>
    public required decimal BasePricePerGbDay { get; init; }

    /// <summary>Tier scale (Hot 10, Warm 3, Cold 1, Archive 0.3).</summary>
    public required decimal TierScale { get; init; }

    /// <summary>Quality level multiplier (1.0 / 1.5 / 2.0).</summary>
    public required decimal QualityMultiplier { get; init; }

    /// <summary>Urgency multiplier (0.8 / 1.0 / 1.5 / 2.0).</summary>
    public required decimal UrgencyMultiplier { get; init; }

    /// <summary>Market factor from provider utilization (0.8 / 1.0 / 1.5 / 2.0).</summary>
    public required decimal MarketFactor { get; init; }

    /// <summary>Demand factor from requests per provider (1.0 / 1.2 / 1.5).</summary>
    public required decimal DemandFactor { get; init; }

    /// <summary>Whole GB billed.</summary>
    public required long BilledGb { get; init; }

    /// <summary>Whole days billed.</summary>
    public required long BilledDays { get; init; }

    /// <summary>Replicas billed.</summary>
    public required int Replication { get; init; }

    /// <summary>Tier of the request.</summary>
    public required StorageTier Tier { get; init; }

    /// <summary>base × tier × quality × urgency × market × demand × GB × days × replication.</summary>
    public required TokenAmount Subtotal { get; init; }

    /// <summary>Quality premium (share of the subtotal) when guarantees were asked, else zero.</summary>
    public required TokenAmount QualityPremium { get; init; }

    /// <summary>Network fee (share of the subtotal), paid to the treasury.</summary>
    public required TokenAmount NetworkFee { get; init; }

    /// <summary>Escrow fee (share of the subtotal), paid to the treasury.</summary>
    public required TokenAmount EscrowFee { get; init; }

    /// <summary>Most the host can earn as a performance bonus (share of the subtotal; paid from incentive funds, not by the renter).</summary>
    public required TokenAmount MaxPerformanceBonus { get; init; }

    /// <summary>What the renter pays: subtotal + quality premium + network fee + escrow fee.</summary>
    public TokenAmount Total => Subtotal + QualityPremium + NetworkFee + EscrowFee;

    /// <summary>What the host earns over the contract if every period passes: subtotal + quality premium (the escrowed part).</summary>
    public TokenAmount HostPayment => Subtotal + QualityPremium;

    /// <summary>Fees that go to the treasury at funding: network fee + escrow fee.</summary>
    public TokenAmount Fees => NetworkFee + EscrowFee;
}
