using System.Collections.Concurrent;
using Zhtp.Storage.Dht.Lookup;
using Zhtp.Storage.Dht.Rpc;
using Zhtp.Storage.Dht.Wire;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Dht.Node;

internal sealed partial class KademliaNode
{
    private readonly ConcurrentDictionary<string, AppRequestHandler> _appHandlers = new(StringComparer.Ordinal);
    private volatile IContractHandler? _contractHandler;

    public void RegisterContractHandler(IContractHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _contractHandler = handler;
    }

    public void RegisterRequestHandler(string protocol, AppRequestHandler handler)
    {
        CheckProtocol(protocol);
        ArgumentNullException.ThrowIfNull(handler);
        _appHandlers[protocol] = handler;
    }

    public Task<ContractResult> DeployContractAsync(DhtKey contractId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        SendContractAsync(contractId, ContractOperation.Deploy, payload, cancellationToken);

    public Task<ContractResult> ExecuteContractAsync(DhtKey contractId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        SendContractAsync(contractId, ContractOperation.Execute, payload, cancellationToken);

    public Task<ContractResult> QueryContractAsync(DhtKey contractId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        SendContractAsync(contractId, ContractOperation.Query, payload, cancellationToken);

    public async Task<ContractFindResult> FindContractAsync(DhtKey contractId, CancellationToken cancellationToken = default)
    {
        if (_contractHandler is { } handler && await handler.TryGetStateAsync(contractId, cancellationToken).ConfigureAwait(false) is { } local)
        {
            return new ContractFindResult(true, local, Self, [Self]);
        }

        LookupOutcome outcome = await LookupAsync(contractId, LookupKind.Contract, cancellationToken).ConfigureAwait(false);
        return new ContractFindResult(outcome.State is not null, outcome.State ?? default, outcome.Holder, outcome.Closest);
    }

    public async Task<AppResponse> SendRequestAsync(Contact recipient, string protocol, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        CheckProtocol(protocol);
        bool large = CheckPayload(payload);
        var body = new AppRequestBody(protocol, payload);
        Reply? reply = await SendToPeerAsync(recipient, MessageType.AppRequest, body, large, cancellationToken).ConfigureAwait(false);
        try
        {
            return ToAppResponse(reply);
        }
        finally
        {
            reply?.Frame?.Dispose();
        }
    }

    private async Task<ContractResult> SendContractAsync(DhtKey contractId, ContractOperation operation, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        bool large = CheckPayload(payload);
        IReadOnlyList<Contact> closest = await FindNodeAsync(contractId, cancellationToken).ConfigureAwait(false);
        MessageType type = operation switch
        {
            ContractOperation.Deploy => MessageType.ContractDeploy,
            ContractOperation.Query => MessageType.ContractQuery,
            _ => MessageType.ContractExecute,
        };
        var body = new ContractBody(contractId, payload);
        Task<ContractHolderReply>[] remote = closest.Select(async c =>
        {
            Reply? reply = await SendToPeerAsync(c, type, body, large, cancellationToken).ConfigureAwait(false);
            try
            {
                return new ContractHolderReply(c, ToContractReply(reply));
            }
            finally
            {
                reply?.Frame?.Dispose();
            }
        }).ToArray();
        var replies = new List<ContractHolderReply>();
        if (IsAmongClosest(contractId, closest))
        {
            ContractReply local = await InvokeContractHandlerAsync(new ContractContext(contractId, operation, Self, _signer.PublicKey), payload, cancellationToken).ConfigureAwait(false);
            replies.Add(new ContractHolderReply(Self, local));
        }

        replies.AddRange(await Task.WhenAll(remote).ConfigureAwait(false));
        return new ContractResult(replies.OrderBy(r => r.Holder.Id.Value.Xor(contractId.Value)).ToList());
    }

    private async Task HandleContractAsync(ulong requestId, MessageType type, ContractBody body, Contact sender, byte[] senderKey) =>
        Respond(MessageType.ContractReply, requestId, new ContractReplyBody(await AnswerContractAsync(type, body, sender, senderKey, MaxPayloadSize).ConfigureAwait(false)), sender);

    /// <summary>Runs the contract handler for one request and bounds its reply to <paramref name="limit"/> bytes (a datagram's payload, or the bulk channel's).</summary>
    private async Task<ContractReply> AnswerContractAsync(MessageType type, ContractBody body, Contact sender, byte[] senderKey, int limit)
    {
        ContractOperation operation = type switch
        {
            MessageType.ContractDeploy => ContractOperation.Deploy,
            MessageType.ContractQuery => ContractOperation.Query,
            _ => ContractOperation.Execute,
        };
        ContractReply reply = await InvokeContractHandlerAsync(new ContractContext(body.ContractId, operation, sender, senderKey), body.Payload, _stopping.Token).ConfigureAwait(false);
        // Payload and error share the payload budget (ContractReply frames them in 1 + 1 + 3 + 3 bytes).
        int replyBytes = reply.Payload.Length + (reply.Error is null ? 0 : System.Text.Encoding.UTF8.GetByteCount(reply.Error));
        if (replyBytes > limit)
        {
            reply = ContractReply.Reject($"The holder's reply of {replyBytes} bytes exceeds the payload limit of {limit} bytes.");
        }

        return reply;
    }

    private async Task<ContractReply> InvokeContractHandlerAsync(ContractContext context, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (_contractHandler is not { } handler)
        {
            return ContractReply.Reject("no-handler: this node has no contract handler registered.");
        }

        try
        {
            return await handler.HandleAsync(context, payload, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A handler fault becomes an "internal" reply, never a dead receive path.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.HandlerFailed(_logger, e, context.Operation.ToString());
            return ContractReply.Reject("internal: the contract handler failed.");
        }
    }

    private async Task HandleContractFindAsync(ulong requestId, DhtKey contractId, Contact sender)
    {
        ReadOnlyMemory<byte>? state = null;
        if (_contractHandler is { } handler)
        {
            try
            {
                state = await handler.TryGetStateAsync(contractId, _stopping.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A handler fault is answered as "not here".
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                Log.HandlerFailed(_logger, e, "Find");
            }
        }

        if (state is { } found && found.Length <= MaxPayloadSize)
        {
            Respond(MessageType.ContractState, requestId, new BytesBody(found), sender);
            return;
        }

        Respond(MessageType.Nodes, requestId, new NodesBody(ClosestFor(contractId, sender)), sender);
    }

    private async Task HandleAppRequestAsync(ulong requestId, AppRequestBody body, Contact sender)
    {
        if (await AnswerAppRequestAsync(body, sender, MaxPayloadSize).ConfigureAwait(false) is { } answer)
        {
            Respond(answer.Type, requestId, answer.Body, sender);
        }
    }

    /// <summary>Runs the application handler for one request; the reply (AppResponse or Error) is bounded to <paramref name="limit"/> bytes. null when the node is stopping.</summary>
    private async Task<(MessageType Type, IMessageBody Body)?> AnswerAppRequestAsync(AppRequestBody body, Contact sender, int limit)
    {
        if (!_appHandlers.TryGetValue(body.Protocol, out AppRequestHandler? handler))
        {
            return (MessageType.Error, new ErrorBody(DhtErrorCode.NoHandler, $"No handler for protocol '{body.Protocol}'."));
        }

        try
        {
            ReadOnlyMemory<byte> reply = await handler(sender, body.Payload, _stopping.Token).ConfigureAwait(false);
            if (reply.Length > limit)
            {
                return (MessageType.Error, new ErrorBody(DhtErrorCode.Internal, $"The reply of {reply.Length} bytes exceeds the payload limit of {limit} bytes."));
            }

            return (MessageType.AppResponse, new BytesBody(reply));
        }
        catch (DhtRequestRejectedException e)
        {
            return (MessageType.Error, new ErrorBody(DhtErrorCode.Rejected, e.Message));
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return null;
        }
#pragma warning disable CA1031 // A handler fault becomes an "internal" reply.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.HandlerFailed(_logger, e, body.Protocol);
            return (MessageType.Error, new ErrorBody(DhtErrorCode.Internal, "The request handler failed."));
        }
    }

    private static ContractReply ToContractReply(Reply? reply)
    {
        if (reply is null)
        {
            return ContractReply.Reject("timeout: the holder did not answer.");
        }

        try
        {
            return reply.Type switch
            {
                MessageType.ContractReply => ContractReplyBody.Read(reply.Body.Span).Reply,
                MessageType.Error => ContractReply.Reject(ErrorBody.Read(reply.Body.Span).Message),
                _ => ContractReply.Reject($"unexpected reply type {reply.Type}."),
            };
        }
        catch (Exception e) when (e is MessagePackSerializationException or WireFormatException)
        {
            return ContractReply.Reject("malformed reply.");
        }
    }

    private static AppResponse ToAppResponse(Reply? reply)
    {
        if (reply is null)
        {
            return new AppResponse(DhtErrorCode.Timeout, default, "No reply after all retries.");
        }

        try
        {
            if (reply.Type == MessageType.AppResponse)
            {
                return new AppResponse(DhtErrorCode.None, BytesBody.Read(reply.Body.Span).Payload);
            }

            if (reply.Type == MessageType.Error)
            {
                ErrorBody error = ErrorBody.Read(reply.Body.Span);
                return new AppResponse(error.Code == DhtErrorCode.None ? DhtErrorCode.Internal : error.Code, default, error.Message);
            }
        }
        catch (Exception e) when (e is MessagePackSerializationException or WireFormatException)
        {
        }

        return new AppResponse(DhtErrorCode.BadRequest, default, "Malformed reply.");
    }

    private static void CheckProtocol(string protocol)
    {
        if (string.IsNullOrEmpty(protocol) || System.Text.Encoding.UTF8.GetByteCount(protocol) > AppRequestBody.MaxProtocolBytes)
        {
            throw new ArgumentException($"A protocol name must be 1 to {AppRequestBody.MaxProtocolBytes} bytes of UTF-8 (as many ASCII characters), e.g. \"zhtp/audit/1\".", nameof(protocol));
        }
    }

    /// <summary>
    /// Checks a contract or application payload: up to <see cref="MaxPayloadSize"/> it goes in one
    /// datagram (false), up to <see cref="MaxBulkPayloadSize"/> over the bulk channel (true).
    /// </summary>
    private bool CheckPayload(ReadOnlyMemory<byte> payload)
    {
        if (payload.Length <= MaxPayloadSize)
        {
            return false;
        }

        if (_bulk is null || payload.Length > MaxBulkPayloadSize)
        {
            throw new ArgumentException(_bulk is null
                ? $"The payload of {payload.Length} bytes exceeds IDhtNode.MaxPayloadSize ({MaxPayloadSize} bytes, one datagram) and this node has no bulk channel."
                : $"The payload of {payload.Length} bytes exceeds the bulk channel's payload limit of {MaxBulkPayloadSize} bytes.", nameof(payload));
        }

        return true;
    }
}
