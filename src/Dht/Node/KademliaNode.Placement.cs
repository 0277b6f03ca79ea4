using Zhtp.Storage.Dht.Records;
using Zhtp.Storage.Dht.Rpc;
using Zhtp.Storage.Dht.Wire;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Dht.Node;

/// <summary>
/// Records placed on chosen holders (<see cref="RecordKind.Placed"/>): store on one node, fetch from
/// one node, renew on one node, and mutable records signed by an owner other than the node.
/// </summary>
internal sealed partial class KademliaNode
{
    public Task<DhtErrorCode> StoreAtAsync(Contact holder, ReadOnlyMemory<byte> value, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        CheckValue(value);
        return StoreAtWithKeyAsync(holder, RecordKeys.ContentKey(value.Span), value, timeToLive, cancellationToken);
    }

    public async Task<DhtErrorCode> StoreAtWithKeyAsync(Contact holder, DhtKey key, ReadOnlyMemory<byte> value, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(holder);
        CheckValue(value);
        CheckTimeToLive(timeToLive);
        // Not copied: the record only lives for this call (stores copy what they keep). The key is the
        // caller's BLAKE3 of the value; a holder (this node included) validates it before storing.
        var record = new DhtRecord { Key = key, Kind = RecordKind.Placed, Value = value, ExpiresAt = _time.GetUtcNow() + Cap(timeToLive) };
        if (holder.Id == Self.Id)
        {
            (MessageType type, IMessageBody body) = await StoreFromPeerAsync(record).ConfigureAwait(false);
            return type == MessageType.StoreOk ? DhtErrorCode.None : ((ErrorBody)body).Code;
        }

        var request = new RecordBody(record, Seconds(timeToLive));
        bool large = !FitsDatagram(request);
        Reply? reply = await SendStoreAsync(holder, request, large, cancellationToken).ConfigureAwait(false);
        return ErrorOf(reply, MessageType.StoreOk);
    }

    public async Task<HolderFetchResult> FetchFromAsync(Contact holder, DhtKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(holder);
        if (holder.Id == Self.Id)
        {
            (DhtRecord? local, IDisposable? buffer) = await GetLiveRecordPooledAsync(key, cancellationToken).ConfigureAwait(false);
            if (local is null)
            {
                return new HolderFetchResult(null, DhtErrorCode.NotFound);
            }

            HolderFetchResult own = Verified(local with { PublishedLocally = false }, key);
            if (own.Found)
            {
                return own with { Buffer = buffer };
            }

            buffer?.Dispose();
            return own;
        }

        // Straight over the bulk channel when there is one: placed records are shards, larger than a
        // datagram, so asking over UDP first would cost a round trip and make the holder read the value
        // only to answer ValueRef. A holder without a bulk listener is asked over UDP.
        var request = new KeyBody(key);
        Reply? reply = _bulk is null ? null : await BulkRequestAsync(holder, MessageType.FindValue, request, cancellationToken).ConfigureAwait(false);
        if (reply is null)
        {
            reply = await RequestAsync(holder.EndPoint, holder.Id, MessageType.FindValue, request, cancellationToken).ConfigureAwait(false);
            if (reply is { Type: MessageType.ValueRef })
            {
                reply = await BulkRequestAsync(holder, MessageType.FindValue, request, cancellationToken).ConfigureAwait(false);
            }
        }

        HolderFetchResult result;
        try
        {
            result = reply switch
            {
                null => new HolderFetchResult(null, DhtErrorCode.Timeout),
                { Type: MessageType.Value } => Verified(RecordBody.Read(reply.Body, _config.MaxValueSize, _time.GetUtcNow(), _config.RecordTtl).Record, key, reply.ContentKeyMatches),
                { Type: MessageType.Error } => new HolderFetchResult(null, ErrorCodeOf(reply)),
                _ => new HolderFetchResult(null, DhtErrorCode.NotFound),
            };
        }
        catch (Exception e) when (e is MessagePackSerializationException or WireFormatException or ArgumentException or OverflowException)
        {
            _counters.OnDrop(DropReason.Malformed);
            result = new HolderFetchResult(null, DhtErrorCode.InvalidRecord);
        }

        // The value is a slice of the pooled reply frame: the result owns it from here.
        if (result.Found)
        {
            return result with { Buffer = reply!.Frame };
        }

        reply?.Frame?.Dispose();
        return result;
    }

    public async Task<DhtErrorCode> RenewAtAsync(Contact holder, DhtKey key, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(holder);
        CheckTimeToLive(timeToLive);
        if (holder.Id == Self.Id)
        {
            return await RenewLocalAsync(key, timeToLive).ConfigureAwait(false);
        }

        Reply? reply = await RequestAsync(holder.EndPoint, holder.Id, MessageType.Renew, new RenewBody(key, Seconds(timeToLive)), cancellationToken).ConfigureAwait(false);
        return ErrorOf(reply, MessageType.StoreOk);
    }

    public Task<StoreResult> PutSignedAsync(INodeSigner owner, string name, ulong sequence, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(name);
        if (!RecordValidation.CanVerify(owner.Algorithm, _signer))
        {
            throw new ArgumentException($"The owner signs with algorithm {owner.Algorithm}, which this network's nodes cannot verify (they verify {_signer.Algorithm}, the Types signature algorithms 1-4, and identity records {IdentityRecords.Algorithm}); use one of those.", nameof(owner));
        }

        return PutMutableAsync(owner, name, sequence, value, publishedLocally: false, cancellationToken);
    }

    private async Task HandleRenewAsync(ulong requestId, RenewBody request, Contact sender)
    {
        DhtErrorCode code = await RenewLocalAsync(request.Key, TimeSpan.FromSeconds(request.TtlSeconds)).ConfigureAwait(false);
        if (code == DhtErrorCode.None)
        {
            Respond(MessageType.StoreOk, requestId, EmptyBody.Instance, sender);
        }
        else
        {
            RespondError(requestId, sender, code, "This node holds no content-addressed record under that key.");
        }
    }

    /// <summary>Extends the expiry of a held content-addressed record to now + TTL (capped at RecordTtl); never shortens it.</summary>
    private async Task<DhtErrorCode> RenewLocalAsync(DhtKey key, TimeSpan timeToLive)
    {
        DateTimeOffset now = _time.GetUtcNow();
        if (_store is IRecordExpiry expiry)
        {
            // By key: the value is neither read nor rewritten.
            return await expiry.ExtendExpiryAsync(key, now + Cap(timeToLive), now, _stopping.Token).ConfigureAwait(false)
                ? DhtErrorCode.None
                : DhtErrorCode.NotFound;
        }

        DhtRecord? held = await GetLiveRecordAsync(key, _stopping.Token).ConfigureAwait(false);
        if (held is null || held.Kind == RecordKind.Mutable)
        {
            return DhtErrorCode.NotFound;
        }

        await _store.PutAsync(held with { ExpiresAt = _time.GetUtcNow() + Cap(timeToLive) }, _stopping.Token).ConfigureAwait(false);
        return DhtErrorCode.None;
    }

    /// <summary>The record when it is the content-addressed record under <paramref name="key"/>; <paramref name="contentKeyMatches"/> as <see cref="Reply.ContentKeyMatches"/> (true: key = BLAKE3(value) already checked, not hashed again).</summary>
    private HolderFetchResult Verified(DhtRecord record, DhtKey key, bool? contentKeyMatches = null) =>
        contentKeyMatches != false && record.Key == key && record.Kind != RecordKind.Mutable
            && RecordValidation.Validate(record, _signer, _config.MaxValueSize, contentKeyMatches == true) == DhtErrorCode.None
            ? new HolderFetchResult(record, DhtErrorCode.None)
            : new HolderFetchResult(null, DhtErrorCode.InvalidRecord);

    private static DhtErrorCode ErrorOf(Reply? reply, MessageType success) => reply switch
    {
        null => DhtErrorCode.Timeout,
        _ when reply.Type == success => DhtErrorCode.None,
        { Type: MessageType.Error } => ErrorCodeOf(reply),
        _ => DhtErrorCode.BadRequest,
    };

    private TimeSpan Cap(TimeSpan timeToLive) => timeToLive < _config.RecordTtl ? timeToLive : _config.RecordTtl;

    private static uint Seconds(TimeSpan timeToLive) => (uint)Math.Clamp(Math.Ceiling(timeToLive.TotalSeconds), 1, uint.MaxValue);

    private static void CheckTimeToLive(TimeSpan timeToLive)
    {
        if (timeToLive <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeToLive), timeToLive, "A time to live must be positive.");
        }
    }
}
