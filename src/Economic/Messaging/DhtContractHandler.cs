using Zhtp.Storage.Dht;

namespace Zhtp.Storage.Economic.Messaging;

/// <summary>Serves a <see cref="ContractHolder"/> to the DHT: Deploy and Execute are validated by the holder, Query and Find answer a <see cref="ContractStatus"/>.</summary>
internal sealed class DhtContractHandler : IContractHandler
{
    /// <summary>Wraps <paramref name="holder"/>.</summary>
    public DhtContractHandler(ContractHolder holder)
    {
        ArgumentNullException.ThrowIfNull(holder);
        Holder = holder;
    }

    /// <summary>The holder served.</summary>
    public ContractHolder Holder { get; }

    /// <inheritdoc />
    public ValueTask<ContractReply> HandleAsync(ContractContext context, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.ContractId.Value;
        var error = context.Operation switch
        {
            ContractOperation.Deploy => Holder.Deploy(id, payload),
            ContractOperation.Execute => Holder.Execute(id, payload),
            _ => null,
        };
        if (context.Operation == ContractOperation.Query)
        {
            return ValueTask.FromResult(Holder.Query(id) is { } status ? ContractReply.Accept(status.Encode()) : ContractReply.Reject("unknown contract"));
        }

        return ValueTask.FromResult(error is null ? ContractReply.Accept() : ContractReply.Reject(error));
    }

    /// <inheritdoc />
    public ValueTask<ReadOnlyMemory<byte>?> TryGetStateAsync(DhtKey contractId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Holder.Query(contractId.Value) is { } status ? (ReadOnlyMemory<byte>?)status.Encode() : null);
}
