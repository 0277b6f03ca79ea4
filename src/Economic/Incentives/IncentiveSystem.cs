namespace Zhtp.Storage.Economic.Incentives;

/// <summary>
/// Rewards at settlement: the performance bonus of the contract's reward tier, pro rata to the
/// periods passed (paid from the treasury), and +500 reputation when every period passed.
/// </summary>
internal sealed class IncentiveSystem
{
    private readonly PaymentProcessor _payments;
    private readonly ReputationSystem _reputation;

    /// <summary>Creates the system.</summary>
    public IncentiveSystem(PaymentProcessor payments, ReputationSystem reputation)
    {
        ArgumentNullException.ThrowIfNull(payments);
        ArgumentNullException.ThrowIfNull(reputation);
        _payments = payments;
        _reputation = reputation;
    }

    /// <summary>Rewards the host of a completed contract; returns the bonus paid.</summary>
    public TokenAmount RewardCompletion(ContractRecord record, decimal averageQualityScore)
    {
        ArgumentNullException.ThrowIfNull(record);
        var earned = RewardManager.Bonus(record.Contract, averageQualityScore).MulDiv(Math.Max(0, record.PeriodsPassed), record.Contract.Periods);
        var bonus = _payments.PayBonus(record.Contract, earned);
        if (record.PeriodsFailed == 0)
        {
            _reputation.Adjust(record.Contract.Host, ReputationSystem.CleanCompletionGain);
        }

        return bonus;
    }
}
