using Zhtp.Storage.Dht;

namespace Zhtp.Storage.Economic.Messaging;

/// <summary>
/// Replicates contracts over the DHT: ContractDeploy and ContractExecute to the k closest nodes of
/// the contract id, ContractQuery for their statuses. A contract that does not fit one datagram
/// (<see cref="IDhtNode.MaxPayloadSize"/>, 1,141 bytes by default: about nine shards with ECDSA P-256
/// keys) goes over the bulk channel (TCP), up to 65,535 bytes (more than 800 shards). With a
/// <see cref="HolderKeyDirectory"/>, the holders' acknowledgements of a deploy or transition are
/// collected into a verified <see cref="ContractAttestation"/> (<see cref="ReplicationResult.Attestation"/>).
/// </summary>
internal sealed class DhtContractReplicator : IContractReplicator
{
    private readonly IDhtNode _node;
    private readonly HolderKeyDirectory? _keys;
    private readonly ISignatureVerifier? _verifier;

    /// <summary>Replicates through <paramref name="node"/> without collecting acknowledgements.</summary>
    public DhtContractReplicator(IDhtNode node)
        : this(node, null, null)
    {
    }

    /// <summary>Replicates through <paramref name="node"/>, collecting and verifying acknowledgements with <paramref name="keys"/> and <paramref name="verifier"/> (both or neither).</summary>
    public DhtContractReplicator(IDhtNode node, HolderKeyDirectory? keys, ISignatureVerifier? verifier)
    {
        ArgumentNullException.ThrowIfNull(node);
        if ((keys is null) != (verifier is null))
        {
            throw new ArgumentException("Pass both a holder key directory and a signature verifier, or neither.", nameof(verifier));
        }

        _node = node;
        _keys = keys;
        _verifier = verifier;
    }

    /// <inheritdoc />
    /// <exception cref="ContractException">The contract's encoding exceeds the bulk channel's payload limit (or the datagram's, on a node without one).</exception>
    public async Task<ReplicationResult> DeployAsync(StorageContract contract, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var payload = contract.Encode();
        ContractResult result;
        try
        {
            result = await _node.DeployContractAsync(new DhtKey(contract.ContractId), payload, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            throw new ContractException($"The contract encodes to {payload.Length} bytes and cannot be sent ({ex.Message}); split its shards over more contracts.", ex);
        }

        return await CollectAsync(result, contract.ContractId, 0, payload, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ReplicationResult> ExecuteAsync(ContractTransition transition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transition);
        var payload = transition.Encode();
        var result = await _node.ExecuteContractAsync(new DhtKey(transition.ContractId), payload, cancellationToken).ConfigureAwait(false);
        return await CollectAsync(result, transition.ContractId, transition.Sequence, payload, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ContractStatus>> QueryAsync(Hash256 contractId, CancellationToken cancellationToken)
    {
        var result = await _node.QueryContractAsync(new DhtKey(contractId), ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        var statuses = new List<ContractStatus>();
        foreach (var reply in result.Replies.Where(r => r.Reply.Accepted))
        {
            try
            {
                statuses.Add(ContractStatus.Decode(reply.Reply.Payload));
            }
            catch (Zhtp.Storage.Types.MessagePack.MessagePackSerializationException)
            {
                // A holder that answers garbage is ignored, like one that does not answer.
            }
        }

        return statuses;
    }

    private async Task<ReplicationResult> CollectAsync(ContractResult result, Hash256 contractId, long sequence, byte[] payload, CancellationToken cancellationToken)
    {
        var replication = new ReplicationResult(result.Accepted, result.Replies.Where(r => !r.Reply.Accepted).Select(r => $"{r.Holder.Id}: {r.Reply.Error}").ToList());
        if (_keys is null || _verifier is null)
        {
            return replication;
        }

        var accepted = result.Replies.Where(r => r.Reply.Accepted).Select(r => (r.Holder, r.Reply.Payload)).ToList();
        var (attestation, faults) = await AttestationCollector.CollectAsync(contractId, sequence, Blake3Hashing.Compute(payload), accepted, _keys, _verifier, cancellationToken).ConfigureAwait(false);
        return replication with { Attestation = attestation, Faults = faults };
    }
}
