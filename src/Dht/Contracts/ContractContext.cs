using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht;

/// <summary>Who asked a holder for a contract operation, as proven by the message signature.</summary>
/// <param name="ContractId">The contract's key (the holders are the k closest nodes to it).</param>
/// <param name="Operation">Deploy, Query or Execute.</param>
/// <param name="Sender">The requesting node.</param>
/// <param name="SenderPublicKey">The requesting node's public key (its id is BLAKE3 of it).</param>
public sealed record ContractContext(DhtKey ContractId, ContractOperation Operation, Contact Sender, ReadOnlyMemory<byte> SenderPublicKey);
