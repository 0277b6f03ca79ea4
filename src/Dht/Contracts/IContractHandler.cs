using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht;

/// <summary>
/// Validates and applies contract operations at a holder. The Dht treats contract payloads as
/// opaque bytes: an upper layer (the economic layer) registers one handler per node with
/// <see cref="IDhtNode.RegisterContractHandler"/>. Called concurrently from the node's receive path;
/// implementations are thread-safe and should answer quickly (the requester times out after
/// <see cref="DhtConfig.RequestTimeout"/>).
/// </summary>
public interface IContractHandler
{
    /// <summary>Handles Deploy, Query or Execute for <see cref="ContractContext.ContractId"/>. Exceptions are answered as an "internal" error reply.</summary>
    ValueTask<ContractReply> HandleAsync(ContractContext context, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);

    /// <summary>For ContractFind: the contract's current state if this node holds it (returned to the finder), else null.</summary>
    ValueTask<ReadOnlyMemory<byte>?> TryGetStateAsync(DhtKey contractId, CancellationToken cancellationToken);
}
