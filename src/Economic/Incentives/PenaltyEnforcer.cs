using Zhtp.Storage.Types;

namespace Zhtp.Storage.Economic.Incentives;

/// <summary>
/// Applies grace periods: a violation becomes penalizable once it has been observed continuously
/// for at least its clause's grace period (at once when the grace is zero). Pure apart from its
/// own memory of when each violation was first seen; time is passed in.
/// </summary>
/// <remarks>Not thread-safe; one instance per renter engine. Bounded by contracts × violation kinds.</remarks>
internal sealed class PenaltyEnforcer
{
    private readonly Dictionary<(Hash256 Contract, ViolationKind Kind), DateTimeOffset> _firstSeen = [];

    /// <summary>
    /// Records what <paramref name="evaluation"/> found at <paramref name="now"/> and returns the most
    /// severe violation whose grace has run out (severity = penalty share), or null.
    /// Violations that were not observed this time are forgotten (their grace restarts).
    /// </summary>
    /// <param name="contract">The contract evaluated.</param>
    /// <param name="evaluation">The period's verdict.</param>
    /// <param name="observedSince">When the period's measurements began (the violation is taken to have started then).</param>
    /// <param name="now">When the evaluation is made.</param>
    public ViolationKind? Observe(StorageContract contract, SlaEvaluation evaluation, DateTimeOffset observedSince, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(evaluation);
        var id = contract.ContractId;
        foreach (var kind in Enum.GetValues<ViolationKind>())
        {
            if (!evaluation.Violations.Contains(kind))
            {
                _firstSeen.Remove((id, kind));
            }
            else if (!_firstSeen.ContainsKey((id, kind)))
            {
                _firstSeen[(id, kind)] = observedSince;
            }
        }

        PenaltyClause? worst = null;
        foreach (var kind in evaluation.Violations)
        {
            var clause = contract.Sla.ClauseFor(kind);
            if (now - _firstSeen[(id, kind)] >= clause.GracePeriod && (worst is null || clause.ShareOfValue > worst.ShareOfValue))
            {
                worst = clause;
            }
        }

        return worst?.Kind;
    }

    /// <summary>When each violation of <paramref name="contractId"/> still within its grace was first seen (for persistence).</summary>
    internal IReadOnlyList<(ViolationKind Kind, DateTimeOffset Since)> FirstSeen(Hash256 contractId) =>
        _firstSeen.Where(e => e.Key.Contract == contractId).OrderBy(e => e.Key.Kind).Select(e => (e.Key.Kind, e.Value)).ToList();

    /// <summary>Restores a persisted first sighting.</summary>
    internal void Restore(Hash256 contractId, ViolationKind kind, DateTimeOffset since) => _firstSeen[(contractId, kind)] = since;

    /// <summary>Forgets everything about <paramref name="contractId"/> (after settlement).</summary>
    public void Forget(Hash256 contractId)
    {
        foreach (var key in _firstSeen.Keys.Where(k => k.Contract == contractId).ToList())
        {
            _firstSeen.Remove(key);
        }
    }
}
