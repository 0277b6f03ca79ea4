namespace Zhtp.Storage.Economic.Reputation;

// Implementation notes
// Scores are integers. Decay is applied lazily whenever a score is read or changed: for each
// whole day since the score's anchor, the gap to the start value shrinks by the configured share
// (rounded toward zero), so a node drifts back toward 1,000 at 5 % of its distance per day by
// default. Integer arithmetic keeps replay exact.
/// <summary>
/// Reputation of storage nodes: starts at <see cref="EconomicConfig.InitialReputation"/>, rises with
/// passed periods and completed contracts (+100..+500), falls with failures and violations
/// (−100..−500), decays toward the start value, and gates replication and bans.
/// </summary>
/// <remarks>Thread safety: all members are safe to call concurrently. Bounded by the number of nodes it has seen.</remarks>
internal sealed class ReputationSystem
{
    private readonly EconomicConfig _config;
    private readonly TimeProvider _time;
    private readonly Dictionary<NodeId, (int Score, DateTimeOffset Anchor)> _scores = [];
    private readonly Lock _gate = new();
    private readonly ReputationStore? _store;

    /// <summary>Creates the system; with a <paramref name="store"/>, loads the stored scores and writes every change back.</summary>
    public ReputationSystem(EconomicConfig config, TimeProvider time, ReputationStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(time);
        config.EnsureValid();
        _config = config;
        _time = time;
        _store = store;
        foreach (var (node, score, anchor) in store?.LoadAll() ?? [])
        {
            _scores[node] = (Math.Clamp(score, 0, config.MaxReputation), anchor);
        }
    }

    /// <summary>Points for a passed period: 100 × the reward tier's multiplier of its quality score (100, 120, 150, 200 or 300).</summary>
    public static int PeriodGain(decimal qualityScore) => (int)(100m * RewardManager.Multiplier(RewardManager.TierFor(qualityScore)));

    /// <summary>Points for completing a contract with every period passed.</summary>
    public const int CleanCompletionGain = 500;

    /// <summary>Points lost for a failed period that is still within its grace period.</summary>
    public const int FailedPeriodLoss = 100;

    /// <summary>Points lost for a violation: slow response 100, unavailability 200, quality degradation 300, data loss and breach 500.</summary>
    public static int ViolationLoss(ViolationKind kind) => kind switch
    {
        ViolationKind.SlowResponse => 100,
        ViolationKind.Unavailability => 200,
        ViolationKind.QualityDegradation => 300,
        _ => 500,
    };

    /// <summary>The current score of <paramref name="node"/> (after decay).</summary>
    public int GetScore(NodeId node)
    {
        lock (_gate)
        {
            return Current(node);
        }
    }

    /// <summary>True when <paramref name="node"/> may be chosen for replication (score ≥ <see cref="EconomicConfig.MinReputationForReplication"/>).</summary>
    public bool IsEligibleForReplication(NodeId node) => GetScore(node) >= _config.MinReputationForReplication;

    /// <summary>True when <paramref name="node"/> is refused entirely (score ≤ <see cref="EconomicConfig.BanReputation"/>).</summary>
    public bool IsBanned(NodeId node) => GetScore(node) <= _config.BanReputation;

    /// <summary>Adds <paramref name="delta"/> points (clamped to 0..<see cref="EconomicConfig.MaxReputation"/>) and returns the new score.</summary>
    public int Adjust(NodeId node, int delta)
    {
        lock (_gate)
        {
            var score = Math.Clamp((long)Current(node) + delta, 0, _config.MaxReputation);
            var anchor = _scores[node].Anchor;
            _scores[node] = ((int)score, anchor);
            _store?.Save(node, (int)score, anchor);
            return (int)score;
        }
    }

    /// <summary>Records a passed period with its quality score.</summary>
    public int RecordPassedPeriod(NodeId node, decimal qualityScore) => Adjust(node, PeriodGain(qualityScore));

    /// <summary>Records a failed period still within grace.</summary>
    public int RecordFailedPeriod(NodeId node) => Adjust(node, -FailedPeriodLoss);

    /// <summary>Records a penalized violation.</summary>
    public int RecordViolation(NodeId node, ViolationKind kind) => Adjust(node, -ViolationLoss(kind));

    /// <summary>Every node seen, with its current score.</summary>
    public IReadOnlyDictionary<NodeId, int> Snapshot()
    {
        lock (_gate)
        {
            return _scores.Keys.ToList().ToDictionary(n => n, Current);
        }
    }

    private int Current(NodeId node)
    {
        var now = _time.GetUtcNow();
        if (!_scores.TryGetValue(node, out var entry))
        {
            _scores[node] = (_config.InitialReputation, now);
            return _config.InitialReputation;
        }

        var days = (now - entry.Anchor).Ticks / TimeSpan.TicksPerDay;
        if (days <= 0)
        {
            return entry.Score;
        }

        long gap = entry.Score - _config.InitialReputation;
        var ppm = ContractCodec.Ppm(_config.ReputationDecayPerDay);
        for (var d = 0; d < days && gap != 0; d++)
        {
            gap -= gap * ppm / 1_000_000;
            if (gap * ppm / 1_000_000 == 0 && ppm > 0)
            {
                gap -= Math.Sign(gap);
            }
        }

        var score = (int)(_config.InitialReputation + gap);
        _scores[node] = (score, entry.Anchor + TimeSpan.FromDays(days));
        _store?.Save(node, score, entry.Anchor + TimeSpan.FromDays(days));
        return score;
    }
}
