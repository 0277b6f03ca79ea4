using System.Collections.Concurrent;
using System.Net;
using Zhtp.Storage.Dht.Handshake;
using Zhtp.Storage.Dht.Routing;
using Zhtp.Storage.Dht.Wire;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Dht.Node;

// Implementation notes
// The hybrid handshake (docs/protocol.md "Handshake"): one exchange over the bulk channel, whose
// frames can carry an ML-DSA key and signature. Both messages are ordinary envelopes, always
// signed (never MACed), so the receive checks (algorithm, id = BLAKE3(key), timestamp, signature,
// replay) apply unchanged; the key exchange is HybridHandshake's. A node whose signed envelope does
// not fit a datagram (ML-DSA) runs it before its first datagram to a peer, and again when the
// session is older than HandshakeSessions.Lifetime or went silent (a peer that restarted has
// forgotten it). At most one handshake per endpoint runs at a time; callers share it.

internal sealed partial class KademliaNode
{
    private readonly HandshakeSessions _handshakes = new();
    private readonly ConcurrentDictionary<IPEndPoint, Lazy<Task<HandshakeSession?>>> _handshaking = new();

    /// <summary>True when this node sends datagrams only under handshake sessions (ML-DSA, or chosen by <see cref="DhtNodeOptions.HybridHandshake"/>).</summary>
    internal bool UsesHandshake { get; }

    internal HandshakeSessions HandshakeSessions => _handshakes;

    private TimeSpan HandshakeTimeout => _config.RequestTimeout * 4;

    /// <summary>
    /// A session to send to <paramref name="to"/> (expected to be <paramref name="expected"/> when known):
    /// the current one, or a new one from a handshake. Null when the handshake failed or another node answered.
    /// </summary>
    internal async Task<HandshakeSession?> EnsureSessionAsync(IPEndPoint to, NodeId? expected, CancellationToken cancellationToken)
    {
        if (expected is { } known && _handshakes.ForSending(known, _time.GetUtcNow()) is { } current)
        {
            return current;
        }

        Lazy<Task<HandshakeSession?>> running = _handshaking.GetOrAdd(to, static (endPoint, state) => new Lazy<Task<HandshakeSession?>>(() => state.Node.HandshakeAsync(endPoint, state.Expected)), (Node: this, Expected: expected));
        HandshakeSession? session;
        try
        {
            session = await running.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _handshaking.TryRemove(KeyValuePair.Create(to, running));
        }

        return session is not null && (expected is null || session.Peer == expected) ? session : null;
    }

    /// <summary>Runs one handshake as initiator with the node at <paramref name="to"/>; the new session, or null (failures are counted).</summary>
    internal async Task<HandshakeSession?> HandshakeAsync(IPEndPoint to, NodeId? expected)
    {
        if (_bulk is null || _stopping.IsCancellationRequested)
        {
            return null;
        }

        _counters.OnHandshakeStarted();
        try
        {
            using var initiator = new HybridHandshake.Initiator();
            ulong requestId = NextRequestId();
            byte[] request = EnvelopeCodec.Encode(MessageType.Handshake, requestId, Self.Id, _signer, NowMs, new HandshakeBody(HandshakeBody.SuiteX25519MLKem768, expected, initiator.EphemeralKey, initiator.EncapsulationKey), client: _clientMode);
            _counters.OnSent();
            _counters.OnHandshakeBytes(request.Length);
            byte[]? reply;
            using (PooledFrame? frame = await _bulk.ExchangeAsync(to, request, HandshakeTimeout, _stopping.Token).ConfigureAwait(false))
            {
                // The transcript hash covers exactly the reply's bytes, not the pooled array around them.
                reply = frame?.Span.ToArray();
            }

            if (reply is null)
            {
                _counters.OnHandshakeFailed();
                return null;
            }

            _counters.OnHandshakeBytes(reply.Length);
            HandshakeSession? session = FinishHandshake(reply, request, requestId, expected, initiator);
            if (session is null)
            {
                _counters.OnHandshakeFailed();
                return null;
            }

            _handshakes.Add(session);
            _counters.OnHandshakeCompleted();
            return session;
        }
        catch (OperationCanceledException)
        {
            _counters.OnHandshakeFailed();
            return null;
        }
    }

    private HandshakeSession? FinishHandshake(byte[] reply, byte[] request, ulong requestId, NodeId? expected, HybridHandshake.Initiator initiator)
    {
        _counters.OnReceived();
        DropReason reason = CheckEnvelope(reply, MaxFrame, bulk: true, out EnvelopeView view);
        if (reason == DropReason.None && (view.Type != MessageType.HandshakeReply || view.RequestId != requestId || (expected is { } id && view.SenderId != id)))
        {
            reason = DropReason.Unsolicited;
        }

        HandshakeReplyBody? body = null;
        if (reason == DropReason.None)
        {
            reason = TryReadHandshake(view, static b => HandshakeReplyBody.Read(b), out body);
        }

        Span<byte> mlKem = stackalloc byte[32];
        Span<byte> ecdh = stackalloc byte[32];
        if (reason == DropReason.None
            && (body!.Suite != HandshakeBody.SuiteX25519MLKem768 || body.RequestHash != Blake3Hashing.Compute(request) || !initiator.TryFinish(body, mlKem, ecdh)))
        {
            reason = DropReason.BadHandshake;
        }

        if (reason != DropReason.None)
        {
            _counters.OnDrop(reason);
            return null;
        }

        _counters.OnAccepted();
        (byte[] macKey, byte[] tag) = HybridHandshake.DeriveSession(mlKem, ecdh, view.Signed);
        return new HandshakeSession(view.SenderId, view.SenderKey.ToArray(), macKey, tag, _time.GetUtcNow());
    }

    /// <summary>
    /// Answers a Handshake frame that passed the envelope and replay checks: the signed HandshakeReply,
    /// after which the session is held. Null (counted under <paramref name="reason"/>) when the request is unusable.
    /// </summary>
    private byte[]? AnswerHandshake(byte[] frame, EnvelopeView view, Contact sender, out DropReason reason)
    {
        reason = TryReadHandshake(view, static b => HandshakeBody.Read(b), out HandshakeBody? request);
        if (reason != DropReason.None)
        {
            return null;
        }

        Span<byte> mlKem = stackalloc byte[32];
        Span<byte> ecdh = stackalloc byte[32];
        if (request!.Suite != HandshakeBody.SuiteX25519MLKem768 || (request.Responder is { } responder && responder != Self.Id)
            || !HybridHandshake.TryRespond(request, out byte[] ephemeralKey, out byte[] ciphertext, mlKem, ecdh))
        {
            reason = DropReason.BadHandshake;
            return null;
        }

        var body = new HandshakeReplyBody(HandshakeBody.SuiteX25519MLKem768, Blake3Hashing.Compute(frame), ephemeralKey, ciphertext);
        byte[] reply = EnvelopeCodec.Encode(MessageType.HandshakeReply, view.RequestId, Self.Id, _signer, NowMs, body, client: _clientMode);
        EnvelopeCodec.TryParse(reply, out EnvelopeView encoded);
        (byte[] macKey, byte[] tag) = HybridHandshake.DeriveSession(mlKem, ecdh, encoded.Signed);
        _handshakes.Add(new HandshakeSession(sender.Id, view.SenderKey.ToArray(), macKey, tag, _time.GetUtcNow()));
        _counters.OnHandshakeAnswered();
        return reply;
    }

    /// <summary>Handshake messages are always signed (a MAC needs the session they create) and must parse.</summary>
    private static DropReason TryReadHandshake<T>(EnvelopeView view, ReadSpan<T> read, out T? body)
        where T : class
    {
        body = null;
        if ((view.Algorithm & EnvelopeCodec.SessionFlag) != 0)
        {
            return DropReason.BadHandshake;
        }

        try
        {
            body = read(view.Body);
            return DropReason.None;
        }
        catch (Exception e) when (e is MessagePackSerializationException or WireFormatException or ArgumentException or OverflowException)
        {
            return DropReason.Malformed;
        }
    }

    private delegate T ReadSpan<out T>(ReadOnlySpan<byte> body);

    /// <summary>After an unanswered request under <paramref name="session"/>: retire it when nothing arrived under it since <paramref name="sentAt"/>, so the next attempt re-handshakes.</summary>
    private static void OnSessionSilent(HandshakeSession? session, DateTimeOffset sentAt)
    {
        if (session is not null && session.LastReceived < sentAt)
        {
            session.Retired = true;
        }
    }
}
