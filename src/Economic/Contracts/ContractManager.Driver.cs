namespace Zhtp.Storage.Economic.Contracts;

// The renter's routine: what a timer calls (TickAsync) and how a restarted manager finishes
// a chain of steps its predecessor left half done.
internal sealed partial class ContractManager
{
    /// <summary>
    /// One step of the renter's routine, to call from a timer (or a test loop): audits every contract
    /// whose audit is due, closes every billing period that has ended, and completes every contract
    /// whose term is over. Returns the period reports of what it closed.
    /// </summary>
    public async Task<IReadOnlyList<PeriodReport>> TickAsync(CancellationToken cancellationToken)
    {
        foreach (var managed in _contracts.Values.Where(m => m.Interrupted).ToList())
        {
            await ResumeInterruptedAsync(managed.Record, cancellationToken).ConfigureAwait(false);
            managed.Interrupted = false;
        }

        var now = _time.GetUtcNow();
        IReadOnlyList<Hash256> due;
        lock (_schedulerGate)
        {
            due = _scheduler.TakeDue(now);
        }

        foreach (var id in due)
        {
            var r = _contracts.TryGetValue(id, out var m) ? m.Record : null;
            if (r is not null && r.State == ContractState.Monitoring)
            {
                await AuditAsync(id, cancellationToken).ConfigureAwait(false);
            }
            else if (r is null || r.IsFinal)
            {
                lock (_schedulerGate)
                {
                    _scheduler.Remove(id);
                }
            }
        }

        var reports = new List<PeriodReport>();
        foreach (var (id, record) in _contracts.Select(e => (e.Key, e.Value.Record)).Where(e => e.Record.State == ContractState.Monitoring).ToList())
        {
            var contract = record.Contract;
            for (var period = record.EvaluatedPeriods.Count; period < contract.Periods && Get(id).State == ContractState.Monitoring; period++)
            {
                if (_time.GetUtcNow() < contract.StartsAt + (contract.BillingPeriod * (period + 1)))
                {
                    break;
                }

                reports.Add(await ClosePeriodAsync(id, period, cancellationToken).ConfigureAwait(false));
            }

            var now2 = _time.GetUtcNow();
            var current = Get(id);
            if (current.State == ContractState.Monitoring && current.EvaluatedPeriods.Count == contract.Periods && now2 >= contract.EndsAt)
            {
                await CompleteAsync(id, cancellationToken).ConfigureAwait(false);
            }

            if (Get(id).IsFinal)
            {
                lock (_schedulerGate)
                {
                    _scheduler.Remove(id);
                }
            }
        }

        return reports;
    }

    // Finishes a chain a previous manager left between two steps (only for contracts loaded in
    // such a state): every posting it repeats is found already applied.
    private async Task ResumeInterruptedAsync(ContractRecord record, CancellationToken cancellationToken)
    {
        switch (record.State)
        {
            case ContractState.Contract:
                await ActivateAsync(record.Contract.ContractId, cancellationToken).ConfigureAwait(false);
                break;
            case ContractState.Active:
                await StepAsync(record, ContractEvent.BeginMonitoring, cancellationToken).ConfigureAwait(false);
                break;
            case ContractState.Violation or ContractState.Penalty or ContractState.Resolution when record.OpenViolation is { } kind:
                var period = record.History.LastOrDefault(t => t.Event == ContractEvent.ReportViolation)?.Period ?? -1;
                await FinishViolationAsync(record, period, kind, cancellationToken).ConfigureAwait(false);
                break;
            case ContractState.Completion:
                await SettleCompletedAsync(record, cancellationToken).ConfigureAwait(false);
                break;
        }
    }
}
