namespace Zhtp.Storage.Economic.Contracts;

/// <summary>
/// The contract lifecycle as a pure function: <see cref="Apply"/> validates a signed transition
/// against a record (state, sequence, signer, signature, periods, amounts) and returns the next
/// record, or throws <see cref="IllegalTransitionException"/>. No clock, no I/O.
/// </summary>
internal static class ContractStateMachine
{
    /// <summary>The state <paramref name="contractEvent"/> leads to from <paramref name="from"/>, or null when not allowed.</summary>
    public static ContractState? Next(ContractState from, ContractEvent contractEvent) => (from, contractEvent) switch
    {
        (ContractState.Quote, ContractEvent.Sign) => ContractState.Contract,
        (ContractState.Contract, ContractEvent.Fund) => ContractState.Active,
        (ContractState.Contract, ContractEvent.Cancel) => ContractState.Settlement,
        (ContractState.Active, ContractEvent.BeginMonitoring) => ContractState.Monitoring,
        (ContractState.Monitoring, ContractEvent.PassPeriod) => ContractState.Monitoring,
        (ContractState.Monitoring, ContractEvent.FailPeriod) => ContractState.Monitoring,
        (ContractState.Monitoring, ContractEvent.ReportViolation) => ContractState.Violation,
        (ContractState.Violation, ContractEvent.ApplyPenalty) => ContractState.Penalty,
        (ContractState.Penalty, ContractEvent.Resolve) => ContractState.Resolution,
        (ContractState.Resolution, ContractEvent.Resume) => ContractState.Monitoring,
        (ContractState.Monitoring, ContractEvent.Complete) => ContractState.Completion,
        (ContractState.Completion, ContractEvent.Settle) => ContractState.Settlement,
        (ContractState.Active or ContractState.Monitoring or ContractState.Resolution, ContractEvent.Terminate) => ContractState.Settlement,
        _ => null,
    };

    /// <summary>Whether the renter, the host, or either may sign <paramref name="contractEvent"/>.</summary>
    public static bool MaySign(ContractEvent contractEvent, bool isRenter, bool isHost) => contractEvent switch
    {
        ContractEvent.Cancel or ContractEvent.BeginMonitoring or ContractEvent.Complete or ContractEvent.Settle => isRenter || isHost,
        _ => isRenter,
    };

    /// <summary>Validates <paramref name="transition"/> against <paramref name="record"/> and returns the next record.</summary>
    /// <exception cref="IllegalTransitionException">The transition is not allowed, out of sequence, wrongly signed or inconsistent with the terms.</exception>
    public static ContractRecord Apply(ContractRecord record, ContractTransition transition, ISignatureVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(transition);
        ArgumentNullException.ThrowIfNull(verifier);
        var contract = record.Contract;
        var from = record.State;
        var ev = transition.Event;
        if (transition.ContractId != contract.ContractId)
        {
            Fail(record, ev, $"the transition is for contract {transition.ContractId}, not {contract.ContractId}");
        }

        if (transition.Sequence != record.Sequence + 1)
        {
            Fail(record, ev, $"sequence {transition.Sequence} is not the next one ({record.Sequence + 1}); fetch the contract's history and retry");
        }

        if (Next(from, ev) is not { } to)
        {
            Fail(record, ev, $"{ev} is not allowed in state {from}");
            return record;
        }

        var isRenter = transition.SignerKey.Span.SequenceEqual(contract.RenterKey.Span);
        var isHost = transition.SignerKey.Span.SequenceEqual(contract.HostKey.Span);
        if (!MaySign(ev, isRenter, isHost))
        {
            Fail(record, ev, $"{ev} must be signed by {(MaySign(ev, false, true) ? "the renter or the host" : "the renter")}");
        }

        if (!transition.VerifySignature(verifier))
        {
            Fail(record, ev, "the signature does not verify");
        }

        if (transition.At < record.LastAt)
        {
            Fail(record, ev, $"its time {transition.At:O} is before the previous transition's {record.LastAt:O}");
        }

        if (transition.Amount.IsNegative)
        {
            Fail(record, ev, "the amount is negative");
        }

        var next = record with
        {
            State = to,
            Sequence = transition.Sequence,
            LastAt = transition.At,
            History = record.History.Add(transition),
        };
        switch (ev)
        {
            case ContractEvent.PassPeriod:
                return NewPeriod(record, transition) with { State = to, Sequence = next.Sequence, LastAt = next.LastAt, History = next.History, PeriodsPassed = record.PeriodsPassed + 1 };
            case ContractEvent.FailPeriod:
                return NewPeriod(record, transition) with { State = to, Sequence = next.Sequence, LastAt = next.LastAt, History = next.History, PeriodsFailed = record.PeriodsFailed + 1 };
            case ContractEvent.ReportViolation:
                if (transition.Violation is not { } kind)
                {
                    Fail(record, ev, "it names no violation");
                    return record;
                }

                _ = ClauseOrFail(record, ev, kind);
                return NewPeriod(record, transition) with
                {
                    State = to, Sequence = next.Sequence, LastAt = next.LastAt, History = next.History,
                    PeriodsFailed = record.PeriodsFailed + 1, OpenViolation = kind,
                };
            case ContractEvent.ApplyPenalty:
            {
                if (transition.Violation != record.OpenViolation)
                {
                    Fail(record, ev, $"it names {transition.Violation}, but the open violation is {record.OpenViolation}");
                }

                var clause = ClauseOrFail(record, ev, record.OpenViolation!.Value);
                var cap = contract.Value.Times(clause.ShareOfValue);
                if (transition.Amount > cap)
                {
                    Fail(record, ev, $"the penalty {transition.Amount} exceeds the schedule's {cap}");
                }

                return next with { PenaltiesApplied = record.PenaltiesApplied + transition.Amount };
            }

            case ContractEvent.Resume:
                if (ClauseOrFail(record, ev, record.OpenViolation!.Value).TerminatesContract)
                {
                    Fail(record, ev, $"a {record.OpenViolation} penalty terminates the contract; terminate it instead");
                }

                return next with { OpenViolation = null };
            case ContractEvent.Complete:
                if (transition.At < contract.EndsAt || record.EvaluatedPeriods.Count < contract.Periods)
                {
                    Fail(record, ev, $"the term ends at {contract.EndsAt:O} and all {contract.Periods} periods must be evaluated first ({record.EvaluatedPeriods.Count} are)");
                }

                return next;
            default:
                return next;
        }
    }

    /// <summary>Applies every transition in order (replaying a history), validating each.</summary>
    public static ContractRecord Replay(ContractRecord record, IEnumerable<ContractTransition> transitions, ISignatureVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(transitions);
        foreach (var t in transitions)
        {
            record = Apply(record, t, verifier);
        }

        return record;
    }

    private static ContractRecord NewPeriod(ContractRecord record, ContractTransition transition)
    {
        if (transition.Period < 0 || transition.Period >= record.Contract.Periods)
        {
            Fail(record, transition.Event, $"period {transition.Period} is outside 0..{record.Contract.Periods - 1}");
        }

        if (record.EvaluatedPeriods.Contains(transition.Period))
        {
            Fail(record, transition.Event, $"period {transition.Period} was already evaluated");
        }

        var periodEnd = record.Contract.StartsAt + (record.Contract.BillingPeriod * (transition.Period + 1));
        if (transition.At < periodEnd && transition.Event != ContractEvent.ReportViolation)
        {
            Fail(record, transition.Event, $"period {transition.Period} ends at {periodEnd:O}; it cannot be evaluated at {transition.At:O}");
        }

        return record with { EvaluatedPeriods = record.EvaluatedPeriods.Add(transition.Period) };
    }

    private static PenaltyClause ClauseOrFail(ContractRecord record, ContractEvent ev, ViolationKind kind)
    {
        var clause = record.Contract.Sla.Penalties.FirstOrDefault(p => p.Kind == kind);
        if (clause is null)
        {
            Fail(record, ev, $"the penalty schedule has no clause for {kind}");
        }

        return clause!;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(ContractRecord record, ContractEvent ev, string why) =>
        throw new IllegalTransitionException(record.State, ev, $"Contract {record.Contract.ContractId}: {ev} refused: {why}.");
}
