namespace Zhtp.Storage.Types;

/// <summary>
/// Settings of the storage market. Defaults are the numbers of the original system (DESIGN.md,
/// docs/economics.md): 100 tokens per GB per day, +10 % quality premium, +5 % network fee,
/// +2 % escrow fee, up to +15 % performance bonus, reputation starting at 1,000 (500 to be chosen
/// for replication, banned at 100 or below), 80 % of escrow released per passed period and 20 % at
/// completion, 10 % of each penalty to the penalty pool, reputation decaying 5 % of its distance to
/// 1,000 per day.
/// </summary>
public sealed record EconomicConfig
{
    /// <summary>Base price in tokens per GB per day before multipliers. Default 100.</summary>
    public decimal BasePricePerGbDay { get; init; } = 100m;

    /// <summary>Quality premium as a share of the subtotal when guarantees are asked. Default 0.10.</summary>
    public decimal QualityPremiumRate { get; init; } = 0.10m;

    /// <summary>Network fee as a share of the subtotal. Default 0.05.</summary>
    public decimal NetworkFeeRate { get; init; } = 0.05m;

    /// <summary>Escrow fee as a share of the subtotal. Default 0.02.</summary>
    public decimal EscrowFeeRate { get; init; } = 0.02m;

    /// <summary>Largest performance bonus as a share of the subtotal. Default 0.15.</summary>
    public decimal MaxPerformanceBonusRate { get; init; } = 0.15m;

    /// <summary>How long a quote stays valid. Default 1 h.</summary>
    public TimeSpan QuoteValidity { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Fewest replicas a contract may ask for. Default 3.</summary>
    public int MinReplication { get; init; } = 3;

    /// <summary>Most replicas a contract may ask for. Default 12.</summary>
    public int MaxReplication { get; init; } = 12;

    /// <summary>Replicas when a request does not say. Default 3.</summary>
    public int DefaultReplication { get; init; } = 3;

    /// <summary>Reputation of a new node. Default 1,000.</summary>
    public int InitialReputation { get; init; } = 1000;

    /// <summary>Nodes below this reputation are not chosen for replication. Default 500.</summary>
    public int MinReputationForReplication { get; init; } = 500;

    /// <summary>Nodes at or below this reputation are refused entirely. Default 100.</summary>
    public int BanReputation { get; init; } = 100;

    /// <summary>How often hosts are audited. Default 1 h.</summary>
    public TimeSpan AuditInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Length of a billing period: audits are evaluated and escrow released once per period. Default 1 day.</summary>
    public TimeSpan BillingPeriod { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Share of the contract value released pro rata per passed period; the rest is paid at completion. Default 0.80.</summary>
    public decimal ScheduledReleaseShare { get; init; } = 0.80m;

    /// <summary>Share of each penalty that goes to the penalty pool; the rest compensates the renter. Default 0.10.</summary>
    public decimal PenaltyPoolShare { get; init; } = 0.10m;

    /// <summary>Share of the gap between a score and <see cref="InitialReputation"/> that decays away each whole day. Default 0.05.</summary>
    public decimal ReputationDecayPerDay { get; init; } = 0.05m;

    /// <summary>Highest reputation a node can reach. Default 10,000.</summary>
    public int MaxReputation { get; init; } = 10_000;

    /// <summary>Returns every problem with these settings (empty when valid).</summary>
    public IReadOnlyList<string> Validate() => Validate(new ConfigErrors(nameof(EconomicConfig))).Errors;

    /// <summary>Throws <see cref="ConfigurationException"/> listing every problem, if any.</summary>
    public void EnsureValid() => Validate(new ConfigErrors(nameof(EconomicConfig))).ThrowIfAny(nameof(EconomicConfig));

    internal ConfigErrors Validate(ConfigErrors errors)
    {
        errors.InRange(nameof(BasePricePerGbDay), BasePricePerGbDay, 0m, 1_000_000_000m);
        errors.InRange(nameof(QualityPremiumRate), QualityPremiumRate, 0m, 1m);
        errors.InRange(nameof(NetworkFeeRate), NetworkFeeRate, 0m, 1m);
        errors.InRange(nameof(EscrowFeeRate), EscrowFeeRate, 0m, 1m);
        errors.InRange(nameof(MaxPerformanceBonusRate), MaxPerformanceBonusRate, 0m, 1m);
        errors.Positive(nameof(QuoteValidity), QuoteValidity);
        errors.InRange(nameof(MinReplication), MinReplication, 1, 256);
        errors.InRange(nameof(MaxReplication), MaxReplication, 1, 256);
        if (MinReplication > MaxReplication)
        {
            errors.Add(nameof(MinReplication), $"must not exceed MaxReplication ({MaxReplication}), was {MinReplication}");
        }

        if (DefaultReplication < MinReplication || DefaultReplication > MaxReplication)
        {
            errors.Add(nameof(DefaultReplication), $"must be between MinReplication ({MinReplication}) and MaxReplication ({MaxReplication}), was {DefaultReplication}");
        }

        errors.InRange(nameof(InitialReputation), InitialReputation, 0, 1_000_000);
        if (BanReputation >= MinReputationForReplication)
        {
            errors.Add(nameof(BanReputation), $"must be below MinReputationForReplication ({MinReputationForReplication}), was {BanReputation}");
        }

        if (MinReputationForReplication > InitialReputation)
        {
            errors.Add(nameof(MinReputationForReplication), $"must not exceed InitialReputation ({InitialReputation}) or new nodes are never chosen, was {MinReputationForReplication}");
        }

        errors.Positive(nameof(AuditInterval), AuditInterval);
        errors.Positive(nameof(BillingPeriod), BillingPeriod);
        errors.InRange(nameof(ScheduledReleaseShare), ScheduledReleaseShare, 0m, 1m);
        errors.InRange(nameof(PenaltyPoolShare), PenaltyPoolShare, 0m, 1m);
        errors.InRange(nameof(ReputationDecayPerDay), ReputationDecayPerDay, 0m, 1m);
        if (MaxReputation < InitialReputation)
        {
            errors.Add(nameof(MaxReputation), $"must be at least InitialReputation ({InitialReputation}), was {MaxReputation}");
        }

        return errors;
    }
}
