namespace Zhtp.Storage.Economic.Incentives;

/// <summary>
/// Reward tiers and the performance bonus. The bonus of a settled contract is
/// <see cref="StorageContract.MaxPerformanceBonus"/> × (multiplier − 1) / (3.0 − 1): Bronze 10 %,
/// Silver 25 %, Gold 50 %, Platinum 100 % of the largest bonus (which is 15 % of the subtotal).
/// Pure.
/// </summary>
internal static class RewardManager
{
    /// <summary>The tier of an average quality score.</summary>
    public static RewardTier TierFor(decimal score) => score switch
    {
        >= 0.95m => RewardTier.Platinum,
        >= 0.9m => RewardTier.Gold,
        >= 0.8m => RewardTier.Silver,
        >= 0.7m => RewardTier.Bronze,
        _ => RewardTier.None,
    };

    /// <summary>Multiplier of a tier: 1.0 / 1.2 / 1.5 / 2.0 / 3.0.</summary>
    public static decimal Multiplier(RewardTier tier) => tier switch
    {
        RewardTier.Bronze => 1.2m,
        RewardTier.Silver => 1.5m,
        RewardTier.Gold => 2.0m,
        RewardTier.Platinum => 3.0m,
        _ => 1.0m,
    };

    /// <summary>The bonus earned by <paramref name="contract"/> with <paramref name="averageScore"/>.</summary>
    public static TokenAmount Bonus(StorageContract contract, decimal averageScore)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var m = Multiplier(TierFor(averageScore));
        return contract.MaxPerformanceBonus.Times((m - 1m) / 2m);
    }
}
