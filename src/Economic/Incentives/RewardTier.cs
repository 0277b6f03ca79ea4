namespace Zhtp.Storage.Economic.Incentives;

/// <summary>Reward tiers by average quality score.</summary>
internal enum RewardTier
{
    /// <summary>Below 0.7: no reward.</summary>
    None = 0,

    /// <summary>≥ 0.7: multiplier 1.2.</summary>
    Bronze = 1,

    /// <summary>≥ 0.8: multiplier 1.5.</summary>
    Silver = 2,

    /// <summary>≥ 0.9: multiplier 2.0.</summary>
    Gold = 3,

    /// <summary>≥ 0.95: multiplier 3.0.</summary>
    Platinum = 4,
}
