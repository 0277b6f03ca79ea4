using System.Collections.Concurrent;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Node;

/// <summary>A contract handler that keeps deployed payloads, refuses executes of "bad" and answers queries with the deployed terms.</summary>
internal sealed class RecordingContractHandler : IContractHandler
{
    public ConcurrentDictionary<DhtKey, byte[]> Deployed { get; } = new();

    public Contact? LastSender { get; private set; }

    public ValueTask<ContractReply> HandleAsync(ContractContext context, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        switch (context.Operation)
        {
            case ContractOperation.Deploy:
                Deployed[context.ContractId] = payload.ToArray();
                LastSender = context.Sender;
                return ValueTask.FromResult(ContractReply.Accept());
            case ContractOperation.Execute when payload.Span.SequenceEqual("bad"u8):
                return ValueTask.FromResult(ContractReply.Reject("bad transition"));
            case ContractOperation.Query when Deployed.TryGetValue(context.ContractId, out byte[]? terms):
                return ValueTask.FromResult(ContractReply.Accept(terms));
            default:
                return ValueTask.FromResult(ContractReply.Reject("unknown contract"));
        }
    }

    public ValueTask<ReadOnlyMemory<byte>?> TryGetStateAsync(DhtKey contractId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Deployed.TryGetValue(contractId, out byte[]? terms) ? (ReadOnlyMemory<byte>?)terms : null);
}
