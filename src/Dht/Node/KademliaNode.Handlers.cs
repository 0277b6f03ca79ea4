using Zhtp.Storage.Dht.Records;
using Zhtp.Storage.Dht.Wire;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Dht.Node;

internal sealed partial class KademliaNode
{
    private void Dispatch(MessageType type, ulong requestId, ReadOnlySpan<byte> body, Contact sender, ReadOnlySpan<byte> senderKey)
    {
        try
        {
            switch (type)
            {
                case MessageType.Ping:
                    Respond(MessageType.Pong, requestId, new PongBody(sender.EndPoint), sender);
                    return;
                case MessageType.FindNode:
                    Respond(MessageType.Nodes, requestId, new NodesBody(ClosestFor(KeyBody.Read(body).Key, sender)), sender);
                    return;
                case MessageType.FindValue:
                    _ = HandleFindValueAsync(requestId, KeyBody.Read(body).Key, sender);
                    return;
                case MessageType.Store:
                    _ = HandleStoreAsync(requestId, RecordBody.Read(body, _config.MaxValueSize, _time.GetUtcNow(), _config.RecordTtl).Record, sender);
                    return;
                case MessageType.Renew:
                    _ = HandleRenewAsync(requestId, RenewBody.Read(body), sender);
                    return;
                case MessageType.ContractDeploy or MessageType.ContractQuery or MessageType.ContractExecute:
                    _ = HandleContractAsync(requestId, type, ContractBody.Read(body), sender, senderKey.ToArray());
                    return;
                case MessageType.ContractFind:
                    _ = HandleContractFindAsync(requestId, KeyBody.Read(body).Key, sender);
                    return;
                case MessageType.AppRequest:
                    _ = HandleAppRequestAsync(requestId, AppRequestBody.Read(body), sender);
                    return;
            }
        }
        catch (Exception e) when (e is MessagePackSerializationException or WireFormatException or ArgumentException or OverflowException)
        {
            _counters.OnDrop(DropReason.Malformed);
            RespondError(requestId, sender, DhtErrorCode.BadRequest, "The request body is malformed.");
        }
    }

    /// <summary>The contacts handed out in a Nodes answer (<see cref="Routing.RoutingTable.ClosestForAnswer"/>, responsive within the bucket refresh interval).</summary>
    private List<Contact> ClosestFor(DhtKey target, Contact requester)
    {
        var closest = new List<Contact>(_config.K);
        lock (_tableLock)
        {
            _table.ClosestForAnswer(target, _config.K, closest, requester.Id, _time.GetUtcNow() - _config.BucketRefreshInterval);
        }

        return closest;
    }

    private async Task HandleFindValueAsync(ulong requestId, DhtKey key, Contact sender)
    {
        (MessageType type, IMessageBody body) = await AnswerFindValueAsync(key, sender).ConfigureAwait(false);
        Respond(type, requestId, body, sender);
    }

    /// <summary>Value when held (over a datagram only if it fits, else a ValueRef pointing to the bulk channel), otherwise the closest contacts.</summary>
    private async Task<(MessageType Type, IMessageBody Body)> AnswerFindValueAsync(DhtKey key, Contact sender)
    {
        DhtRecord? record = await GetLiveRecordAsync(key, _stopping.Token).ConfigureAwait(false);
        if (record is null)
        {
            return (MessageType.Nodes, new NodesBody(ClosestFor(key, sender)));
        }

        var body = new RecordBody(record, RemainingTtl(record));
        if (FitsDatagram(body))
        {
            return (MessageType.Value, body);
        }

        return _bulk is null
            ? (MessageType.Error, new ErrorBody(DhtErrorCode.ValueTooLarge, $"The value of {record.Value.Length} bytes does not fit a datagram and this node has no bulk channel."))
            : (MessageType.ValueRef, new ValueRefBody(key, record.Value.Length));
    }

    private async Task HandleStoreAsync(ulong requestId, DhtRecord record, Contact sender)
    {
        (MessageType type, IMessageBody body) = await StoreFromPeerAsync(record).ConfigureAwait(false);
        Respond(type, requestId, body, sender);
    }

    /// <summary>Validates and stores a record a peer sent; returns the reply (StoreOk or Error). <paramref name="contentKeyVerified"/>: key = BLAKE3(value) was checked on receipt.</summary>
    private async Task<(MessageType Type, IMessageBody Body)> StoreFromPeerAsync(DhtRecord record, bool contentKeyVerified = false)
    {
        DhtErrorCode code = RecordValidation.Validate(record, _signer, _config.MaxValueSize, contentKeyVerified);
        if (code != DhtErrorCode.None)
        {
            return (MessageType.Error, new ErrorBody(code, "The record failed validation (key must be BLAKE3(value), or the owner signature must verify)."));
        }

        RecordPutOutcome outcome;
        _maintenanceView.TryRemove(record.Key, out _);
        try
        {
            outcome = await _store.PutAsync(record with { PublishedLocally = false }, _stopping.Token).ConfigureAwait(false);
        }
        catch (RecordStoreWriteException e)
        {
            // The store's commit failed (disk full, I/O error): the sender learns it was not stored and places elsewhere.
            return (MessageType.Error, new ErrorBody(DhtErrorCode.Internal, "The holder could not write the record: " + e.Message));
        }

        if (outcome is RecordPutOutcome.Stored or RecordPutOutcome.Replaced or RecordPutOutcome.Refreshed)
        {
            _lastReceived[record.Key] = _time.GetUtcNow();
        }

        if (outcome == RecordPutOutcome.Stored)
        {
            // A new record is exactly what was put: the maintenance pass need not read it to learn its kind.
            _maintenanceView[record.Key] = (record.Kind, false);
        }

        return outcome switch
        {
            RecordPutOutcome.StorageFull => (MessageType.Error, new ErrorBody(DhtErrorCode.StorageFull, $"Storage full: {_store.UsedBytes} of {_store.QuotaBytes} bytes used.")),
            RecordPutOutcome.RefusedOlderSequence => (MessageType.Error, new ErrorBody(DhtErrorCode.OlderSequence, "A record with a higher sequence number is held.")),
            _ => (MessageType.StoreOk, EmptyBody.Instance),
        };
    }

    /// <summary>
    /// A live record held here, read for sending on: from a store that can (SQLite), its value sits in a pooled
    /// <c>Buffer</c> the caller disposes once the value is encoded or consumed; otherwise the buffer is null.
    /// </summary>
    private async Task<(DhtRecord? Record, IDisposable? Buffer)> GetLiveRecordPooledAsync(DhtKey key, CancellationToken cancellationToken)
    {
        if (_store is not IPooledRecordSource pooled)
        {
            return (await GetLiveRecordAsync(key, cancellationToken).ConfigureAwait(false), null);
        }

        DhtRecord? record = pooled.GetPooled(key, out IDisposable? buffer);
        if (record is not null && record.ExpiresAt > _time.GetUtcNow())
        {
            return (record, buffer);
        }

        buffer?.Dispose();
        return (null, null);
    }

    private async Task<DhtRecord?> GetLiveRecordAsync(DhtKey key, CancellationToken cancellationToken)
    {
        DhtRecord? record = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        return record is not null && record.ExpiresAt > _time.GetUtcNow() ? record : null;
    }

    private uint RemainingTtl(DhtRecord record)
    {
        double seconds = (record.ExpiresAt - _time.GetUtcNow()).TotalSeconds;
        return (uint)Math.Clamp(seconds, 1, uint.MaxValue);
    }

    private bool FitsDatagram(RecordBody body)
    {
        if (body.Record.Value.Length >= _config.MaxDatagramSize)
        {
            return false;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        var writer = new MessagePackWriter(buffer);
        body.Write(ref writer);
        writer.Flush();
        return buffer.WrittenCount + _envelopeOverhead <= _config.MaxDatagramSize;
    }
}
