namespace Zhtp.Storage.Economic.Contracts;

// What the renter store keeps besides the signed histories, and how a manager resumes from it.
internal sealed partial class ContractManager
{
    private RenterBookkeeping Bookkeeping(Hash256 contractId)
    {
        DateTimeOffset? next;
        lock (_schedulerGate)
        {
            next = _scheduler.NextAudit(contractId);
        }

        return Managed(contractId).ToBookkeeping(next, _penalties.FirstSeen(contractId));
    }

    private void Load(RenterStore store)
    {
        var bookkeeping = store.LoadBookkeeping();
        foreach (var (contract, transitions) in store.LoadContracts())
        {
            if (!contract.RenterKey.Span.SequenceEqual(_renter.PublicKey.Span) || ContractRecord.Replay(contract, transitions, _verifier) is not { } record)
            {
                continue;
            }

            var id = contract.ContractId;
            var managed = new ManagedContract(record);
            _contracts[id] = managed;
            if (!bookkeeping.TryGetValue(id, out var body) || RenterBookkeeping.TryDecode(body) is not { } b)
            {
                if (record.State != ContractState.Contract && !record.IsFinal)
                {
                    _scheduler.Add(contract, _time.GetUtcNow());
                }
            }
            else
            {
                managed.Restore(b);
                _auditsRun += b.AuditsRun;
                _auditsPassed += b.AuditsPassed;
                if (!record.IsFinal)
                {
                    foreach (var (kind, since) in b.FirstSeen)
                    {
                        _penalties.Restore(id, kind, since);
                    }

                    if (b.NextAudit is { } next)
                    {
                        _scheduler.Restore(contract, next);
                    }
                }
            }

            if (record.State is ContractState.Active or ContractState.Violation or ContractState.Penalty or ContractState.Resolution or ContractState.Completion
                || (record.State == ContractState.Contract && _payments.IsFunded(contract)))
            {
                managed.Interrupted = true;
            }
        }
    }
}
