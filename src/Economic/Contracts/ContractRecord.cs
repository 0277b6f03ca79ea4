using System.Collections.Immutable;

namespace Zhtp.Storage.Economic.Contracts;

/// <summary>
/// A contract with its lifecycle state and signed history, as every holder keeps it. Immutable:
/// <see cref="ContractStateMachine.Apply"/> returns the next record.
/// </summary>
public sealed record ContractRecord
{
    /// <summary>The signed terms.</summary>
    public required StorageContract Contract { get; init; }

    /// <summary>Current state.</summary>
    public required ContractState State { get; init; }

    /// <summary>Sequence of the last applied transition (0 when none).</summary>
    public long Sequence { get; init; }

    /// <summary>Billing periods already evaluated (passed or failed).</summary>
    public ImmutableSortedSet<int> EvaluatedPeriods { get; init; } = [];

    /// <summary>Periods that passed.</summary>
    public int PeriodsPassed { get; init; }

    /// <summary>Periods that failed.</summary>
    public int PeriodsFailed { get; init; }

    /// <summary>The violation being handled (Violation, Penalty, Resolution states), if any.</summary>
    public ViolationKind? OpenViolation { get; init; }

    /// <summary>Sum of penalties applied.</summary>
    public TokenAmount PenaltiesApplied { get; init; }

    /// <summary>Time of the last transition.</summary>
    public DateTimeOffset LastAt { get; init; }

    /// <summary>Every applied transition, in order.</summary>
    public ImmutableList<ContractTransition> History { get; init; } = [];

    /// <summary>A record for freshly signed terms (state Contract), or Quote when a signature is missing.</summary>
    public static ContractRecord Create(StorageContract contract, ISignatureVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(contract);
        contract.Validate();
        return new ContractRecord
        {
            Contract = contract,
            State = contract.IsSignedByBoth(verifier) ? ContractState.Contract : ContractState.Quote,
            LastAt = contract.StartsAt,
        };
    }

    /// <summary>
    /// Rebuilds a record from stored terms and transitions: the terms must validate and carry both
    /// signatures, and each transition goes through the state machine; replay stops at the first
    /// transition that does not apply (a torn or tampered row never advances a contract).
    /// </summary>
    /// <returns>The record, or null when the terms are invalid or not signed by both parties.</returns>
    public static ContractRecord? Replay(StorageContract contract, IEnumerable<ContractTransition> transitions, ISignatureVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(transitions);
        ContractRecord record;
        try
        {
            contract.Validate();
            if (!contract.IsSignedByBoth(verifier))
            {
                return null;
            }

            record = Create(contract, verifier);
        }
        catch (ContractException)
        {
            return null;
        }

        foreach (var t in transitions)
        {
            try
            {
                record = ContractStateMachine.Apply(record, t, verifier);
            }
            catch (IllegalTransitionException)
            {
                break;
            }
        }

        return record;
    }

    /// <summary>True in Settlement, the only final state.</summary>
    public bool IsFinal => State == ContractState.Settlement;

    /// <inheritdoc />
    public bool Equals(ContractRecord? other) =>
        other is not null && State == other.State && Sequence == other.Sequence && Contract.Equals(other.Contract)
        && History.SequenceEqual(other.History);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Contract.ContractId, State, Sequence);
}
