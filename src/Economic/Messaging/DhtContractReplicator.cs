using Zhtp.Storage.Dht;

namespace Zhtp.Storage.Economic.Messaging;

/// <summary>
/// Replicates contracts over the DHT: ContractDeploy and ContractExecute to the k closest nodes of
/// the contract id, ContractQuery for their statuses. A contract must encode within the node's
/// datagram payload limit (<see cref="IDhtNode.MaxPayloadSize"/>, 1,141 bytes by default: up to nine
/// shards per contract with ECDSA P-256 keys).
/// </summary>
internal sealed class DhtContractReplicator : IContractReplicator
{
    private readonly IDhtNode _node;

    /// <summary>Replicates through <paramref name="node"/>.</summary>
    public DhtContractReplicator(IDhtNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        _node = node;
    }

    /// <inheritdoc />
    /// <exception cref="ContractException">The contract's encoding exceeds the datagram payload limit.</exception>
    public async Task<ReplicationResult> DeployAsync(StorageContract contract, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var payload = contract.Encode();
        if (payload.Length > _node.MaxPayloadSize)
        {
            throw new ContractException($"The contract encodes to {payload.Length} bytes, above the DHT payload limit of {_node.MaxPayloadSize}; split its shards over more contracts.");
        }

        return Collect(await _node.DeployContractAsync(new DhtKey(contract.ContractId), payload, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async Task<ReplicationResult> ExecuteAsync(ContractTransition transition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transition);
        return Collect(await _node.ExecuteContractAsync(new DhtKey(transition.ContractId), transition.Encode(), cancellationToken).ConfigureAwait(false));
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

    private static ReplicationResult Collect(ContractResult result) =>
        new(result.Accepted, result.Replies.Where(r => !r.Reply.Accepted).Select(r => $"{r.Holder.Id}: {r.Reply.Error}").ToList());
}
