using System.Net;
using Zhtp.Storage.Dht.Routing;
using Zhtp.Storage.Dht.Rpc;
using Zhtp.Storage.Dht.Wire;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Node;

internal sealed partial class KademliaNode
{
    /// <summary>
    /// The receive pipeline: size → envelope → algorithm → not self → handshake session (tagged MAC) or
    /// id = BLAKE3(key) → timestamp → signature or MAC → not a handshake → replay (requests) or pending
    /// match (replies). Every rejection is counted by
    /// reason; nothing here throws.
    /// </summary>
    /// <summary>Feeds a datagram through the receive pipeline synchronously (tests).</summary>
    internal void Inject(ReadOnlySpan<byte> datagram, IPEndPoint from) => OnDatagram(datagram, from);

    private void OnDatagram(ReadOnlySpan<byte> datagram, IPEndPoint from)
    {
        _counters.OnReceived();
        DropReason reason = Check(datagram, out EnvelopeView view, out PendingRequest? pending);
        if (reason != DropReason.None)
        {
            _counters.OnDrop(reason);
            return;
        }

        _counters.OnAccepted();
        if (!UsesHandshake)
        {
            _sessions?.Remember(view.SenderId, view.SenderKey);
        }

        var sender = new Contact(view.SenderId, from);
        bool fromClient = (view.Algorithm & EnvelopeCodec.ClientFlag) != 0;
        if (!fromClient)
        {
            // A client is answered but never learned, so it is never handed out as a contact.
            Learn(sender);
        }

        if (pending is not null)
        {
            pending.Completion.TrySetResult(new Reply(view.Type, view.Body.ToArray(), sender));
            return;
        }

        if (_clientMode)
        {
            // A client serves nothing: no one should have asked (its messages say it is a client).
            return;
        }

        Dispatch(view.Type, view.RequestId, view.Body, sender, view.SenderKey);
    }

    private DropReason Check(ReadOnlySpan<byte> datagram, out EnvelopeView view, out PendingRequest? pending)
    {
        pending = null;
        DropReason reason = CheckEnvelope(datagram, _config.MaxDatagramSize, bulk: false, out view);
        if (reason != DropReason.None)
        {
            return reason;
        }

        if (MessageTypes.IsHandshake(view.Type))
        {
            // The handshake travels only over the bulk channel.
            return DropReason.BadHandshake;
        }

        if (MessageTypes.IsRequest(view.Type))
        {
            return _replay.TryAdd(view.SenderId, view.RequestId, _time.GetUtcNow()) ? DropReason.None : DropReason.Replay;
        }

        if (!_pending.TryGetValue(view.RequestId, out pending) || (pending.Expected is { } expected && expected != view.SenderId) || !_pending.TryRemove(view.RequestId, out _))
        {
            pending = null;
            return DropReason.Unsolicited;
        }

        return DropReason.None;
    }

    /// <summary>
    /// The checks every message passes, datagram or bulk frame: size, structure, algorithm, id = BLAKE3(key), timestamp,
    /// signature; then, for a content-bound Store or Value (bulk frames only), key = BLAKE3(value), hashed once here
    /// (<see cref="EnvelopeView.ContentKeyVerified"/> tells record validation it need not hash again). On
    /// <see cref="DropReason.ContentMismatch"/> the view is complete and the sender authentic.
    /// </summary>
    private DropReason CheckEnvelope(ReadOnlySpan<byte> datagram, int maxSize, bool bulk, out EnvelopeView view)
    {
        view = default;
        if (datagram.Length > maxSize)
        {
            return DropReason.Oversized;
        }

        DropReason reason = EnvelopeCodec.TryParse(datagram, out view);
        if (reason != DropReason.None)
        {
            return reason;
        }

        if (!bulk && view.Version != EnvelopeCodec.Version)
        {
            // Content-bound frames are defined on the bulk channel only.
            return DropReason.UnsupportedVersion;
        }

        byte algorithm = (byte)(view.Algorithm & ~EnvelopeCodec.ClientFlag);
        bool mac = algorithm == (_signer.Algorithm | EnvelopeCodec.SessionFlag);
        bool tagged = mac && view.SenderKey.Length == EnvelopeCodec.SessionTagSize;
        if (algorithm != _signer.Algorithm && !(mac && (tagged || _sessions is not null)))
        {
            return DropReason.UnsupportedAlgorithm;
        }

        if (view.SenderId == Self.Id)
        {
            return DropReason.Self;
        }

        DateTimeOffset now = _time.GetUtcNow();
        Handshake.HandshakeSession? session = null;
        if (tagged)
        {
            // The tag names a handshake session, whose peer id was checked against its key at handshake time.
            session = _handshakes.Find(view.SenderId, view.SenderKey, now);
            if (session is null)
            {
                return DropReason.UnknownSession;
            }
        }
        else if (NodeId.FromPublicKey(view.SenderKey) != view.SenderId)
        {
            return DropReason.IdKeyMismatch;
        }

        long skewMs = (long)_config.MaxClockSkew.TotalMilliseconds;
        long nowMs = now.ToUnixTimeMilliseconds();
        if (view.TimestampMs < nowMs - skewMs)
        {
            return DropReason.StaleTimestamp;
        }

        if (view.TimestampMs > nowMs + skewMs)
        {
            return DropReason.FutureTimestamp;
        }

        // SignedTail is empty except in a content-bound frame, which is MACed (never signed).
        bool authentic = session is not null
            ? session.Verify(view.Signed, view.SignedTail, view.Signature, now)
            : mac
                ? _sessions!.Verify(view.SenderId, view.SenderKey, view.Signed, view.SignedTail, view.Signature)
                : _signer.Verify(view.SenderKey, view.Signed, view.Signature);
        if (!authentic)
        {
            return DropReason.BadSignature;
        }

        if (session is not null)
        {
            // From here on the sender key is the full key verified at handshake time (contract handlers get it).
            view.SenderKey = session.PeerKey;
        }

        if (view.BindsContent)
        {
            // The MAC left the value out: the key it covers binds it, so check key = BLAKE3(value) before anything uses the record.
            if (Blake3Hashing.Compute(view.ContentValue) != new Hash256(view.ContentKey))
            {
                return DropReason.ContentMismatch;
            }

            view.ContentKeyVerified = true;
        }

        return DropReason.None;
    }

    /// <summary>Adds or refreshes a verified sender in the routing table, pinging the least-recently-seen contact of a full bucket.</summary>
    private void Learn(Contact contact)
    {
        UpdateResult result;
        lock (_tableLock)
        {
            result = _table.Update(contact, _time.GetUtcNow());
        }

        if (result.Outcome == UpdateOutcome.PingLeastRecentlySeen && result.PingCandidate is { } candidate && !_stopping.IsCancellationRequested)
        {
            _ = PingBeforeEvictAsync(candidate);
        }
    }

    private async Task PingBeforeEvictAsync(Contact candidate)
    {
        try
        {
            Reply? reply = await RequestAsync(candidate.EndPoint, candidate.Id, MessageType.Ping, EmptyBody.Instance, _stopping.Token).ConfigureAwait(false);
            Contact? promoted;
            lock (_tableLock)
            {
                promoted = _table.OnPingResult(candidate.Id, reply is not null, _time.GetUtcNow());
            }

            if (promoted is not null)
            {
                Log.Evicted(_logger, candidate, promoted);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
