using System.Collections.Concurrent;

namespace Zhtp.Storage.Economic.Replication;

/// <summary>
/// What every node among the k closest to a contract id runs: it accepts a deployed contract only
/// when both parties' signatures verify and the id matches, accepts a transition only when the
/// state machine does, and answers queries with a <see cref="ContractStatus"/>. Retried deploys and
/// transitions already applied are accepted again without change.
/// </summary>
/// <remarks>Thread safety: all members are safe to call concurrently. Bounded: at most <see cref="MaxContracts"/> contracts.</remarks>
internal sealed class ContractHolder : IContractHolder
{
    private readonly ConcurrentDictionary<Hash256, ContractRecord> _records = new();
    private readonly ISignatureVerifier _verifier;
    private readonly IContractStore? _store;
    private readonly Lock _gate = new();

    /// <summary>Creates a holder; with a <paramref name="store"/>, reloads what it held (each history replayed through the state machine, stopping at the first transition that does not apply) and persists everything it accepts.</summary>
    public ContractHolder(ISignatureVerifier verifier, int maxContracts = 100_000, IContractStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxContracts);
        _verifier = verifier;
        _store = store;
        MaxContracts = maxContracts;
        foreach (var (contract, transitions) in store?.LoadAll() ?? [])
        {
            if (ContractRecord.Replay(contract, transitions, verifier) is { } record)
            {
                _records[contract.ContractId] = record;
            }
        }
    }

    /// <summary>Most contracts held.</summary>
    public int MaxContracts { get; }

    /// <summary>Contracts held.</summary>
    public int Count => _records.Count;

    /// <summary>Validates and stores a deployed contract; returns null on success or the reason for refusing.</summary>
    public string? Deploy(Hash256 contractId, ReadOnlyMemory<byte> payload)
    {
        StorageContract contract;
        try
        {
            contract = StorageContract.Decode(payload);
            contract.Validate();
        }
        catch (Exception ex) when (ex is Zhtp.Storage.Types.MessagePack.MessagePackSerializationException or ContractException)
        {
            return $"malformed contract: {ex.Message}";
        }

        if (contract.ContractId != contractId)
        {
            return $"the payload is contract {contract.ContractId}, not {contractId}";
        }

        if (!contract.IsSignedByBoth(_verifier))
        {
            return "the contract is not signed by both renter and host";
        }

        lock (_gate)
        {
            if (_records.ContainsKey(contractId))
            {
                return null;
            }

            if (_records.Count >= MaxContracts)
            {
                return $"this holder keeps at most {MaxContracts} contracts";
            }

            _store?.SaveContract(contract);
            _records[contractId] = ContractRecord.Create(contract, _verifier);
            return null;
        }
    }

    /// <summary>Validates and applies a transition; returns null on success or the reason for refusing.</summary>
    public string? Execute(Hash256 contractId, ReadOnlyMemory<byte> payload)
    {
        ContractTransition transition;
        try
        {
            transition = ContractTransition.Decode(payload);
        }
        catch (Zhtp.Storage.Types.MessagePack.MessagePackSerializationException ex)
        {
            return $"malformed transition: {ex.Message}";
        }

        if (transition.ContractId != contractId)
        {
            return $"the transition is for {transition.ContractId}, not {contractId}";
        }

        lock (_gate)
        {
            if (!_records.TryGetValue(contractId, out var record))
            {
                return "unknown contract; deploy it first";
            }

            if (transition.Sequence <= record.Sequence && transition.Sequence >= 1 && record.History[(int)transition.Sequence - 1].Equals(transition))
            {
                return null;
            }

            try
            {
                var next = ContractStateMachine.Apply(record, transition, _verifier);
                _store?.AppendTransition(transition);
                _records[contractId] = next;
                return null;
            }
            catch (IllegalTransitionException ex)
            {
                return ex.Message;
            }
        }
    }

    /// <summary>The status of a held contract, or null.</summary>
    public ContractStatus? Query(Hash256 contractId) => _records.TryGetValue(contractId, out var record) ? ContractStatus.Of(record) : null;

    /// <summary>The full record of a held contract, or null.</summary>
    public ContractRecord? Get(Hash256 contractId) => _records.TryGetValue(contractId, out var record) ? record : null;

    /// <inheritdoc />
    public ContractRecord? FindRecord(Hash256 contractId) => Get(contractId);
}
