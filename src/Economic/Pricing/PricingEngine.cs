using System.Globalization;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Economic.Pricing;

/// <summary>
/// Computes itemized storage prices. Pure: no clock, no randomness, no I/O; the same request and
/// market always give the same breakdown, to the micro-token.
/// </summary>
/// <remarks>
/// <para>subtotal = base × tier × quality × urgency × market × demand × ceil(GB) × ceil(days) × replication,
/// computed exactly in <see cref="decimal"/> and rounded half away from zero to the micro-token.
/// Every item added on top (quality premium, network fee, escrow fee, largest performance bonus)
/// is a share of that rounded subtotal, rounded the same way (docs/economics.md).</para>
/// <para>Thread safety: immutable, safe to share.</para>
/// </remarks>
internal sealed class PricingEngine
{
    private readonly EconomicConfig _config;

    /// <summary>Creates an engine with validated settings.</summary>
    /// <exception cref="ConfigurationException"><paramref name="config"/> is invalid.</exception>
    public PricingEngine(EconomicConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.EnsureValid();
        _config = config;
    }

    /// <summary>The settings this engine prices with.</summary>
    public EconomicConfig Config => _config;

    /// <summary>Tier scale: Hot ×10, Warm ×3, Cold ×1, Archive ×0.3.</summary>
    public static decimal TierScale(StorageTier tier) => tier switch
    {
        StorageTier.Hot => 10m,
        StorageTier.Warm => 3m,
        StorageTier.Cold => 1m,
        StorageTier.Archive => 0.3m,
        _ => throw new PricingException($"Unknown storage tier {(int)tier}; use Hot, Warm, Cold or Archive."),
    };

    /// <summary>Quality multiplier: Basic ×1.0, Premium ×1.5, Enterprise ×2.0.</summary>
    public static decimal QualityMultiplier(QualityLevel quality) => quality switch
    {
        QualityLevel.Basic => 1.0m,
        QualityLevel.Premium => 1.5m,
        QualityLevel.Enterprise => 2.0m,
        _ => throw new PricingException($"Unknown quality level {(int)quality}; use Basic, Premium or Enterprise."),
    };

    /// <summary>Urgency multiplier: Low ×0.8, Normal ×1.0, High ×1.5, Critical ×2.0.</summary>
    public static decimal UrgencyMultiplier(Urgency urgency) => urgency switch
    {
        Urgency.Low => 0.8m,
        Urgency.Normal => 1.0m,
        Urgency.High => 1.5m,
        Urgency.Critical => 2.0m,
        _ => throw new PricingException($"Unknown urgency {(int)urgency}; use Low, Normal, High or Critical."),
    };

    /// <summary>Market factor from provider utilization: &lt; 0.5 → 0.8, &lt; 0.8 → 1.0, &lt; 0.95 → 1.5, else 2.0.</summary>
    /// <exception cref="PricingException"><paramref name="utilization"/> is outside [0, 1].</exception>
    public static decimal MarketFactor(decimal utilization)
    {
        if (utilization < 0m || utilization > 1m)
        {
            throw new PricingException(string.Create(CultureInfo.InvariantCulture, $"Provider utilization must be between 0 and 1, was {utilization}."));
        }

        return utilization switch
        {
            < 0.5m => 0.8m,
            < 0.8m => 1.0m,
            < 0.95m => 1.5m,
            _ => 2.0m,
        };
    }

    /// <summary>Demand factor from open requests per provider: &lt; 10 → 1.0, &lt; 50 → 1.2, else 1.5.</summary>
    /// <exception cref="PricingException"><paramref name="requestsPerProvider"/> is negative.</exception>
    public static decimal DemandFactor(decimal requestsPerProvider)
    {
        if (requestsPerProvider < 0m)
        {
            throw new PricingException(string.Create(CultureInfo.InvariantCulture, $"Requests per provider must not be negative, was {requestsPerProvider}."));
        }

        return requestsPerProvider switch
        {
            < 10m => 1.0m,
            < 50m => 1.2m,
            _ => 1.5m,
        };
    }

    /// <summary>Prices <paramref name="request"/> in <paramref name="market"/>.</summary>
    /// <exception cref="PricingException">The request is invalid (size, duration, replication, enum values, market) or the price overflows.</exception>
    public PriceBreakdown Price(QuoteRequest request, MarketConditions market)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var tier = TierScale(request.Tier);
        var quality = QualityMultiplier(request.Quality);
        var urgency = UrgencyMultiplier(request.Urgency);
        var marketFactor = MarketFactor(market.Utilization);
        var demand = DemandFactor(market.RequestsPerProvider);
        try
        {
            var exact = _config.BasePricePerGbDay * tier * quality * urgency * marketFactor * demand
                * request.BilledGb * request.BilledDays * request.Replication;
            var subtotal = TokenAmount.FromTokens(exact);
            return new PriceBreakdown
            {
                BasePricePerGbDay = _config.BasePricePerGbDay,
                TierScale = tier,
                QualityMultiplier = quality,
                UrgencyMultiplier = urgency,
                MarketFactor = marketFactor,
                DemandFactor = demand,
                BilledGb = request.BilledGb,
                BilledDays = request.BilledDays,
                Replication = request.Replication,
                Tier = request.Tier,
                Subtotal = subtotal,
                QualityPremium = request.QualityGuarantees ? subtotal.Times(_config.QualityPremiumRate) : TokenAmount.Zero,
                NetworkFee = subtotal.Times(_config.NetworkFeeRate),
                EscrowFee = subtotal.Times(_config.EscrowFeeRate),
                MaxPerformanceBonus = subtotal.Times(_config.MaxPerformanceBonusRate),
            };
        }
        catch (OverflowException ex)
        {
            throw new PricingException(
                $"The price of {request.BilledGb} GB for {request.BilledDays} days with {request.Replication} replicas exceeds the largest token amount; split the request into smaller contracts.",
                ex);
        }
    }

    private void Validate(QuoteRequest request)
    {
        if (request.SizeBytes <= 0)
        {
            throw new PricingException(string.Create(CultureInfo.InvariantCulture, $"Size must be at least 1 byte, was {request.SizeBytes}."));
        }

        if (request.Duration <= TimeSpan.Zero)
        {
            throw new PricingException($"Duration must be positive, was {request.Duration}.");
        }

        if (request.Replication < _config.MinReplication || request.Replication > _config.MaxReplication)
        {
            throw new PricingException(string.Create(
                CultureInfo.InvariantCulture,
                $"Replication must be between {_config.MinReplication} and {_config.MaxReplication}, was {request.Replication}."));
        }
    }
}
