using Zhtp.Storage.Dht;

namespace Zhtp.Storage.Economic.Messaging;

/// <summary>Serves a <see cref="ContractHolder"/> to the DHT: Deploy and Execute are validated by the holder, Query and Find answer a <see cref="ContractStatus"/>.</summary>
internal sealed class DhtContractHandler : IContractHandler
{
    private readonly IHolderAcknowledger? _attestor;

    /// <summary>Wraps <paramref name="holder"/>; accepted deploys and transitions are answered with an empty payload.</summary>
    public DhtContractHandler(ContractHolder holder)
        : this(holder, null)
    {
    }

    /// <summary>Wraps <paramref name="holder"/>; each accepted deploy or transition is answered with <paramref name="attestor"/>'s acknowledgement (<see cref="HolderAck"/>).</summary>
    public DhtContractHandler(ContractHolder holder, IHolderAcknowledger? attestor)
    {
        ArgumentNullException.ThrowIfNull(holder);
        Holder = holder;
        _attestor = attestor;
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

        if (error is not null)
        {
            return ValueTask.FromResult(ContractReply.Reject(error));
        }

        if (_attestor is null || context.Operation is not (ContractOperation.Deploy or ContractOperation.Execute))
        {
            return ValueTask.FromResult(ContractReply.Accept());
        }

        // Accepted: acknowledge exactly the bytes applied (the holder decoded them without error).
        var sequence = context.Operation == ContractOperation.Deploy ? 0 : ContractTransition.Decode(payload).Sequence;
        return ValueTask.FromResult(ContractReply.Accept(_attestor.Acknowledge(id, sequence, payload.Span)));
    }

    /// <inheritdoc />
    public ValueTask<ReadOnlyMemory<byte>?> TryGetStateAsync(DhtKey contractId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Holder.Query(contractId.Value) is { } status ? (ReadOnlyMemory<byte>?)status.Encode() : null);
}
