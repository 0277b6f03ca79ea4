namespace Zhtp.Storage.Economic.Audits;

/// <summary>
/// Decides when each contract's host is next audited: every <see cref="SlaTerms.AuditInterval"/>
/// from the contract's start, with a random offset inside the first interval (seeded source) so
/// hosts cannot predict the minute. Pure: time is passed in.
/// </summary>
/// <remarks>Not thread-safe. Bounded by the contracts added (removed at settlement).</remarks>
internal sealed class AuditScheduler
{
    private readonly Dictionary<Hash256, (DateTimeOffset Next, TimeSpan Interval)> _next = [];
    private readonly Random _random;

    /// <summary>Creates a scheduler drawing offsets from <paramref name="random"/>.</summary>
    public AuditScheduler(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        _random = random;
    }

    /// <summary>Contracts scheduled.</summary>
    public int Count => _next.Count;

    /// <summary>Schedules <paramref name="contract"/>'s first audit within its first interval after <paramref name="from"/>.</summary>
    public void Add(StorageContract contract, DateTimeOffset from)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var interval = contract.Sla.AuditInterval;
        _next[contract.ContractId] = (from + TimeSpan.FromTicks(_random.NextInt64(Math.Max(1, interval.Ticks))), interval);
    }

    /// <summary>Schedules <paramref name="contract"/>'s next audit at a persisted time (a restarted renter keeps its schedule).</summary>
    internal void Restore(StorageContract contract, DateTimeOffset next) => _next[contract.ContractId] = (next, contract.Sla.AuditInterval);

    /// <summary>Stops auditing a contract.</summary>
    public void Remove(Hash256 contractId) => _next.Remove(contractId);

    /// <summary>The contracts whose audit time has come at <paramref name="now"/>, earliest first; each is rescheduled one interval later (missed slots are not replayed).</summary>
    public IReadOnlyList<Hash256> TakeDue(DateTimeOffset now)
    {
        var due = _next.Where(e => e.Value.Next <= now).OrderBy(e => e.Value.Next).Select(e => e.Key).ToList();
        foreach (var id in due)
        {
            var (next, interval) = _next[id];
            var skipped = (now - next).Ticks / interval.Ticks;
            _next[id] = (next + (interval * (skipped + 1)), interval);
        }

        return due;
    }

    /// <summary>When the next audit of <paramref name="contractId"/> is due, if scheduled.</summary>
    public DateTimeOffset? NextAudit(Hash256 contractId) => _next.TryGetValue(contractId, out var e) ? e.Next : null;
}
