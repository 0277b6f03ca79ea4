using System.Net;
using Zhtp.Storage.Dht.Bulk;
using Zhtp.Storage.Dht.Records;
using Zhtp.Storage.Dht.Rpc;
using Zhtp.Storage.Dht.Wire;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Dht.Node;

internal sealed partial class KademliaNode
{
    private IBulkChannel? _bulk;

    /// <summary>How long a peer that refused a content-bound frame but took the retry in version 1 (a node of the previous release) is sent version 1 only.</summary>
    private static readonly TimeSpan UnboundPeerMemory = TimeSpan.FromMinutes(10);

    /// <summary>
    /// What this node learned of a peer's frame forms: <see cref="DateTimeOffset.MinValue"/> once it answered a content-bound
    /// frame (for good: a later failed exchange is a lost connection, not an old release), otherwise when it was noted as
    /// taking version 1 only. Bounded: cleared at <see cref="SessionKeys.Capacity"/> peers.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<NodeId, DateTimeOffset> _bulkForms = new();

    /// <summary>The largest bulk frame: a record of MaxValueSize plus envelope and record fields.</summary>
    private int MaxFrame => _config.MaxValueSize + 65536;

    private TimeSpan BulkTimeout => _config.RequestTimeout * 8;

    private void OpenBulkChannel()
    {
        _bulk = (_transport as IBulkCapable)?.OpenBulkChannel(MaxFrame, OnBulkFrameAsync, listen: !_clientMode);
        if (!_clientMode && _bulk is TcpBulkChannel { LocalEndPoint: null })
        {
            Log.BulkNotListening(_logger, _transport.LocalEndPoint);
        }
    }

    /// <summary>Feeds a bulk request frame through the bulk pipeline and returns the reply frame, or null when the connection would close (tests).</summary>
    internal async Task<ReadOnlyMemory<byte>?> InjectBulkAsync(byte[] frame, IPEndPoint from)
    {
        using PooledFrame? reply = await OnBulkFrameAsync(PooledFrame.Of(frame), from, CancellationToken.None).ConfigureAwait(false);
        return reply is null ? (ReadOnlyMemory<byte>?)null : reply.Span.ToArray();
    }

    /// <summary>Serves one bulk request frame (Store or FindValue of a large value, or a Handshake); null closes the connection.</summary>
    /// <remarks>The request frame is pooled and reused after this returns: nothing here may keep a slice of it (record stores copy what they keep).</remarks>
    private async Task<PooledFrame?> OnBulkFrameAsync(PooledFrame frame, IPEndPoint from, CancellationToken cancellationToken)
    {
        BulkRequest? request = ParseBulkRequest(frame, from);
        if (request is null)
        {
            return null;
        }

        if (request.HandshakeReply is { } handshakeReply)
        {
            return PooledFrame.Of(handshakeReply);
        }

        if (request.ContentMismatch)
        {
            // An authentic content-bound Store whose value is not what its key names (counted as content-mismatch).
            return EncodeFrame(MessageType.Error, request.RequestId, new ErrorBody(DhtErrorCode.InvalidRecord, "The record's key is not BLAKE3 of its value."), request.Sender.Id, reply: true);
        }

        if (request.Key is { } key)
        {
            // The value is read into a pooled array where the store can, encoded into the (pooled) reply frame, and given back.
            (DhtRecord? held, IDisposable? buffer) = await GetLiveRecordPooledAsync(key, _stopping.Token).ConfigureAwait(false);
            using (buffer)
            {
                // Asked content-bound, a content-addressed record goes back content-bound: its value is not hashed
                // here (its key was checked when it was stored); the reader checks key = BLAKE3(value).
                return held is not null
                    ? EncodeFrame(MessageType.Value, request.RequestId, new RecordBody(held, RemainingTtl(held)), request.Sender.Id, reply: true, bindContent: request.ContentBound)
                    : EncodeFrame(MessageType.Nodes, request.RequestId, new NodesBody(ClosestFor(key, request.Sender)), request.Sender.Id, reply: true);
            }
        }

        if (request.Contract is { } contract)
        {
            ContractReply answer = await AnswerContractAsync(request.Type, contract, request.Sender, request.SenderKey!, MaxBulkPayloadSize).ConfigureAwait(false);
            return EncodeFrame(MessageType.ContractReply, request.RequestId, new ContractReplyBody(answer), request.Sender.Id, reply: true);
        }

        if (request.App is { } app)
        {
            return await AnswerAppRequestAsync(app, request.Sender, MaxBulkPayloadSize).ConfigureAwait(false) is { } reply
                ? EncodeFrame(reply.Type, request.RequestId, reply.Body, request.Sender.Id, reply: true)
                : null;
        }

        (MessageType type, IMessageBody body) = request.Record is { } record
            ? await StoreFromPeerAsync(record, request.ContentKeyVerified).ConfigureAwait(false)
            : (MessageType.Error, new ErrorBody(DhtErrorCode.BadRequest, "The bulk channel carries only Store, FindValue, contract operations and application requests."));
        return EncodeFrame(type, request.RequestId, body, request.Sender.Id, reply: true);
    }

    private BulkRequest? ParseBulkRequest(PooledFrame frame, IPEndPoint from)
    {
        _counters.OnReceived();
        DropReason reason = CheckEnvelope(frame.Span, MaxFrame, bulk: true, out EnvelopeView view);
        if (reason == DropReason.ContentMismatch && view.Type == MessageType.Store)
        {
            // Authentic, but the value is not the one its (MACed) key names: refused like an invalid record.
            _counters.OnDrop(reason);
            return new BulkRequest(view.RequestId, new Contact(view.SenderId, from), null, null) { ContentMismatch = true };
        }

        if (reason == DropReason.None && !MessageTypes.IsRequest(view.Type))
        {
            reason = DropReason.Unsolicited;
        }

        if (reason == DropReason.None && !_replay.TryAdd(view.SenderId, view.RequestId, _time.GetUtcNow()))
        {
            reason = DropReason.Replay;
        }

        var sender = new Contact(view.SenderId, from);
        byte[]? handshakeReply = null;
        if (reason == DropReason.None && view.Type == MessageType.Handshake)
        {
            // The transcript hash covers exactly the frame's bytes, not the pooled array around them.
            handshakeReply = AnswerHandshake(frame.Span.ToArray(), view, sender, out reason);
        }

        if (reason != DropReason.None)
        {
            _counters.OnDrop(reason);
            return null;
        }

        _counters.OnAccepted();
        if (handshakeReply is not null)
        {
            // Not learned here: a TCP connection's source port is not the peer's node port; its first datagram teaches it.
            return new BulkRequest(view.RequestId, sender, null, null, handshakeReply);
        }

        if (!UsesHandshake)
        {
            _sessions?.Remember(view.SenderId, view.SenderKey);
        }

        try
        {
            return view.Type switch
            {
                MessageType.Store => new BulkRequest(view.RequestId, sender, RecordBody.Read(Slice(frame.Array, view.Body), _config.MaxValueSize, _time.GetUtcNow(), _config.RecordTtl).Record, null) { ContentKeyVerified = view.ContentKeyVerified },
                MessageType.FindValue => new BulkRequest(view.RequestId, sender, null, KeyBody.Read(view.Body).Key) { ContentBound = view.Version == EnvelopeCodec.ContentBoundVersion },
                // Copied out of the pooled frame: the handlers may keep the payload after the frame is reused.
                MessageType.ContractDeploy or MessageType.ContractExecute or MessageType.ContractQuery =>
                    new BulkRequest(view.RequestId, sender, null, null) { Type = view.Type, Contract = ContractBody.Read(view.Body), SenderKey = view.SenderKey.ToArray() },
                MessageType.AppRequest => new BulkRequest(view.RequestId, sender, null, null) { Type = view.Type, App = AppRequestBody.Read(view.Body) },
                _ => new BulkRequest(view.RequestId, sender, null, null),
            };
        }
        catch (Exception e) when (e is MessagePackSerializationException or WireFormatException or ArgumentException or OverflowException)
        {
            _counters.OnDrop(DropReason.Malformed);
            return null;
        }
    }

    /// <summary>Sends one request over the bulk channel and verifies the reply came, signed, from <paramref name="to"/>. Null on any failure.</summary>
    private async Task<Reply?> BulkRequestAsync(Contact to, MessageType type, IMessageBody body, CancellationToken cancellationToken)
    {
        if (_bulk is null)
        {
            return null;
        }

        await _concurrency.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            long started = _time.GetTimestamp();
            Reply? reply = null;

            // A pooled connection the peer has dropped fails at once; one more try, under a fresh
            // request id (the peer may have seen the first, and would drop a resent one as a replay).
            // A frame that can go content-bound goes so first, and gets one try more in version 1: a peer
            // of the previous release drops version 2 (unsupported-version) and accepts version 1.
            bool tryBound = EnvelopeCodec.CanBindContent(type, body) && !SendsUnbound(to.Id);
            bool boundFailed = false;
            for (int attempt = 0; attempt < (tryBound ? 3 : 2) && reply is null; attempt++)
            {
                if (attempt > 0 && _time.GetElapsedTime(started) > BulkTimeout / 2)
                {
                    break;
                }

                ulong requestId = NextRequestId();
                Handshake.HandshakeSession? session = _handshakes.ForSending(to.Id, _time.GetUtcNow());
                DateTimeOffset sentAt = _time.GetUtcNow();
                using PooledFrame frame = EncodeFrame(type, requestId, body, to.Id, bindContent: tryBound && attempt == 0);
                bool bound = EnvelopeCodec.IsContentBound(frame.Span);
                _contactStats.OnRequest(to.Id);
                _counters.OnSent();
                PooledFrame? replyFrame = await _bulk.ExchangeAsync(to.EndPoint, frame.Memory, BulkTimeout, cancellationToken).ConfigureAwait(false);
                reply = replyFrame is null ? null : VerifyBulkReply(replyFrame, to, requestId);
                if (reply is null && bound)
                {
                    // Maybe a peer of the previous release: the session is not to blame yet.
                    boundFailed = true;
                }
                else if (reply is null)
                {
                    // A peer that restarted drops frames under a session it forgot: the retry signs.
                    OnSessionSilent(session, sentAt);
                }
                else if (bound)
                {
                    NoteBound(to.Id);
                }
                else if (boundFailed)
                {
                    NoteUnbound(to.Id);
                }
            }

            if (reply is null)
            {
                _contactStats.OnTimeout(to.Id);
                _counters.OnTimeout();
                return null;
            }

            TimeSpan latency = _time.GetElapsedTime(started);
            _counters.OnAnswered();
            _contactStats.OnResponse(to.Id, latency, reply.Type == MessageType.Error, _time.GetUtcNow());
            return reply;
        }
        finally
        {
            _concurrency.Release();
        }
    }

    /// <summary>True while <paramref name="peer"/> is noted as taking version-1 frames only.</summary>
    private bool SendsUnbound(NodeId peer) =>
        _bulkForms.TryGetValue(peer, out DateTimeOffset noted) && noted != DateTimeOffset.MinValue && _time.GetUtcNow() - noted < UnboundPeerMemory;

    /// <summary>The peer answered a content-bound frame: it speaks version 2, whatever fails later.</summary>
    private void NoteBound(NodeId peer)
    {
        if (!_bulkForms.TryGetValue(peer, out DateTimeOffset noted) || noted != DateTimeOffset.MinValue)
        {
            NoteForm(peer, DateTimeOffset.MinValue);
        }
    }

    /// <summary>A content-bound frame failed and the version-1 retry worked: unless the peer ever answered version 2, send it version 1 for a while.</summary>
    private void NoteUnbound(NodeId peer)
    {
        if (!_bulkForms.TryGetValue(peer, out DateTimeOffset noted) || noted != DateTimeOffset.MinValue)
        {
            NoteForm(peer, _time.GetUtcNow());
        }
    }

    private void NoteForm(NodeId peer, DateTimeOffset noted)
    {
        if (_bulkForms.Count >= SessionKeys.Capacity)
        {
            _bulkForms.Clear();
        }

        _bulkForms[peer] = noted;
    }

    private Reply? VerifyBulkReply(PooledFrame frame, Contact expected, ulong requestId)
    {
        _counters.OnReceived();
        DropReason reason = CheckEnvelope(frame.Span, MaxFrame, bulk: true, out EnvelopeView view);
        if (reason is DropReason.None or DropReason.ContentMismatch
            && (view.SenderId != expected.Id || view.RequestId != requestId || MessageTypes.IsRequest(view.Type) || MessageTypes.IsHandshake(view.Type)))
        {
            reason = DropReason.Unsolicited;
        }

        if (reason != DropReason.None)
        {
            _counters.OnDrop(reason);
            if (reason == DropReason.ContentMismatch)
            {
                // The authentic answer of the addressed holder, whose value is not what its key names: handed on marked,
                // so the record is refused as InvalidRecord (a bad shard, as before) rather than retried as a lost reply.
                return new Reply(view.Type, Slice(frame.Array, view.Body), expected) { Frame = frame, ContentKeyMatches = false };
            }

            frame.Dispose();
            return null;
        }

        _counters.OnAccepted();
        return new Reply(view.Type, Slice(frame.Array, view.Body), expected) { Frame = frame, ContentKeyMatches = view.ContentKeyVerified ? true : null };
    }

    /// <summary>The part of <paramref name="frame"/> that <paramref name="part"/> views, as memory (a large value is then sliced, never copied).</summary>
    private static ReadOnlyMemory<byte> Slice(byte[] frame, ReadOnlySpan<byte> part)
    {
        int offset = (int)System.Runtime.CompilerServices.Unsafe.ByteOffset(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(frame), ref System.Runtime.InteropServices.MemoryMarshal.GetReference(part));
        return frame.AsMemory(offset, part.Length);
    }

    /// <summary>Sends one request to one peer: as a datagram, or over the bulk channel when <paramref name="large"/> (it does not fit one).</summary>
    private Task<Reply?> SendToPeerAsync(Contact to, MessageType type, IMessageBody body, bool large, CancellationToken cancellationToken) =>
        large ? BulkRequestAsync(to, type, body, cancellationToken) : RequestAsync(to.EndPoint, to.Id, type, body, cancellationToken);

    /// <summary>Stores a record on one peer: as a datagram when it fits, else over the bulk channel.</summary>
    private Task<Reply?> SendStoreAsync(Contact to, RecordBody body, bool large, CancellationToken cancellationToken) =>
        SendToPeerAsync(to, MessageType.Store, body, large, cancellationToken);

    private sealed record BulkRequest(ulong RequestId, Contact Sender, DhtRecord? Record, DhtKey? Key, byte[]? HandshakeReply = null)
    {
        public MessageType Type { get; init; }

        public ContractBody? Contract { get; init; }

        public AppRequestBody? App { get; init; }

        public byte[]? SenderKey { get; init; }

        /// <summary>A FindValue asked content-bound: a content-addressed Value goes back content-bound.</summary>
        public bool ContentBound { get; init; }

        /// <summary>A content-bound Store whose key = BLAKE3(value) was checked on receipt.</summary>
        public bool ContentKeyVerified { get; init; }

        /// <summary>An authentic content-bound Store whose key is not BLAKE3 of its value: answered InvalidRecord.</summary>
        public bool ContentMismatch { get; init; }
    }
}
