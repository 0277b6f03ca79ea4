using System.Net;
using Zhtp.Storage.Dht.Bulk;
using Zhtp.Storage.Dht.Handshake;
using Zhtp.Storage.Dht.Node;
using Zhtp.Storage.Dht.Wire;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Handshake;

/// <summary>Bad handshakes are dropped and counted, on both sides, and never thrown out of the receive paths.</summary>
public sealed class HandshakeRejectionTests : IAsyncLifetime
{
    private static readonly IPEndPoint From = new(IPAddress.Parse("192.0.2.7"), 4000);
    private readonly InMemoryNetwork _network = new();
    private readonly INodeSigner _initiatorSigner = NodeSigners.CreateMLDsa65();
    private readonly INodeSigner _responderSigner = NodeSigners.CreateMLDsa65();
    private readonly INodeSigner _otherSigner = NodeSigners.CreateMLDsa65();
    private KademliaNode _initiator = null!;
    private KademliaNode _responder = null!;
    private KademliaNode _other = null!;

    public async Task InitializeAsync()
    {
        _initiator = await StartAsync(_initiatorSigner);
        _responder = await StartAsync(_responderSigner);
        _other = await StartAsync(_otherSigner);
    }

    public async Task DisposeAsync()
    {
        await _initiator.DisposeAsync();
        await _responder.DisposeAsync();
        await _other.DisposeAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task Responder_ValidHandshake_AnswersAndHoldsSession()
    {
        ReadOnlyMemory<byte>? reply = await _responder.InjectBulkAsync(HandshakeFrame(_initiatorSigner, 1), From);

        Assert.NotNull(reply);
        Assert.Equal(1, _responder.Counters.Handshakes().Answered);
        Assert.NotNull(_responder.HandshakeSessions.ForSending(NodeId.FromPublicKey(_initiatorSigner.PublicKey.Span), DateTimeOffset.UtcNow));
    }

    [Fact(Timeout = 30_000)]
    public async Task Responder_TamperedTranscript_DroppedAsBadSignature()
    {
        byte[] frame = HandshakeFrame(_initiatorSigner, 2);
        frame[frame.Length - 3400] ^= 1; // inside the ML-KEM encapsulation key, covered by the signature

        Assert.Null(await _responder.InjectBulkAsync(frame, From));
        AssertDroppedOnly(_responder, DropReason.BadSignature);
    }

    [Fact(Timeout = 30_000)]
    public async Task Responder_SignatureByAnotherKey_DroppedAsBadSignature()
    {
        byte[] frame = HandshakeFrame(new ImpostorSigner(_initiatorSigner, _otherSigner), 3);

        Assert.Null(await _responder.InjectBulkAsync(frame, From));
        AssertDroppedOnly(_responder, DropReason.BadSignature);
    }

    [Fact(Timeout = 30_000)]
    public async Task Responder_IdNotBlake3OfKey_DroppedAsIdKeyMismatch()
    {
        byte[] frame = HandshakeFrame(_initiatorSigner, 4, sender: NodeId.FromPublicKey(_otherSigner.PublicKey.Span));

        Assert.Null(await _responder.InjectBulkAsync(frame, From));
        AssertDroppedOnly(_responder, DropReason.IdKeyMismatch);
    }

    [Fact(Timeout = 30_000)]
    public async Task Responder_HandshakeForAnotherResponderOrAsDatagramOrReplayed_Dropped()
    {
        byte[] valid = HandshakeFrame(_initiatorSigner, 5);
        Assert.NotNull(await _responder.InjectBulkAsync(valid, From));

        Assert.Null(await _responder.InjectBulkAsync(HandshakeFrame(_initiatorSigner, 6, responder: _other.Self.Id), From));
        _responder.Inject(HandshakeFrame(_initiatorSigner, 7), From);
        Assert.Null(await _responder.InjectBulkAsync(valid, From));

        IReadOnlyDictionary<string, long> drops = _responder.GetStats().DropsByReason;
        Assert.Equal(1, drops["bad-handshake"]);
        Assert.Equal(1, drops["oversized"]); // an ML-DSA handshake cannot even be a datagram
        Assert.Equal(1, drops["replay"]);
        Assert.Equal(1, _responder.Counters.Handshakes().Answered);
    }

    [Fact(Timeout = 30_000)]
    public async Task Initiator_ReplyWithFlippedByte_DroppedAsBadSignature()
    {
        IPEndPoint relay = Relay(_responder, reply => reply[^1] ^= 1);

        Assert.Null(await _initiator.HandshakeAsync(relay, _responder.Self.Id));
        AssertDroppedOnly(_initiator, DropReason.BadSignature);
        Assert.Equal(1, _initiator.Counters.Handshakes().Failed);
    }

    [Fact(Timeout = 30_000)]
    public async Task Initiator_ReplySignedOverAnotherTranscript_DroppedAsBadHandshake()
    {
        // The real responder's key re-signs a reply whose transcript hash is not of the request sent.
        IPEndPoint relay = RelayRewriting(_responder, body => body with { RequestHash = Blake3Hashing.Compute("another handshake"u8) });

        Assert.Null(await _initiator.HandshakeAsync(relay, _responder.Self.Id));
        AssertDroppedOnly(_initiator, DropReason.BadHandshake);
    }

    [Fact(Timeout = 30_000)]
    public async Task Initiator_RelayedToAnotherNode_RefusedThereAndOriginalStillWorks()
    {
        // The handshake names the responder it is meant for: another node refuses it.
        IPEndPoint relay = Relay(_other, _ => { });

        Assert.Null(await _initiator.HandshakeAsync(relay, _responder.Self.Id));
        AssertDroppedOnly(_other, DropReason.BadHandshake);
        Assert.Null(_initiator.HandshakeSessions.ForSending(_responder.Self.Id, DateTimeOffset.UtcNow));
        HandshakeSession? session = await _initiator.HandshakeAsync(_responder.Self.EndPoint, _responder.Self.Id);
        Assert.Equal(_responder.Self.Id, session?.Peer);
    }

    private async Task<KademliaNode> StartAsync(INodeSigner signer) =>
        (KademliaNode)await DhtNode.CreateAsync(new DhtNodeOptions { Transport = _network.CreateTransport(), Signer = signer, MaintenanceInterval = null });

    private byte[] HandshakeFrame(INodeSigner signer, ulong requestId, NodeId? sender = null, NodeId? responder = null)
    {
        using var keys = new HybridHandshake.Initiator();
        var body = new HandshakeBody(HandshakeBody.SuiteX25519MLKem768, responder ?? _responder.Self.Id, keys.EphemeralKey, keys.EncapsulationKey);
        return EnvelopeCodec.Encode(MessageType.Handshake, requestId, sender ?? NodeId.FromPublicKey(signer.PublicKey.Span), signer, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), body);
    }

    /// <summary>A man in the middle: an endpoint whose bulk channel forwards to <paramref name="target"/> and alters its reply.</summary>
    private IPEndPoint Relay(KademliaNode target, Action<byte[]> alter)
    {
        IDatagramTransport transport = _network.CreateTransport();
        ((IBulkCapable)transport).OpenBulkChannel(1 << 20, async (frame, from, ct) =>
        {
            ReadOnlyMemory<byte>? reply = await target.InjectBulkAsync(frame.Span.ToArray(), from);
            if (reply is null)
            {
                return null;
            }

            byte[] altered = reply.Value.ToArray();
            alter(altered);
            return PooledFrame.Of(altered);
        });
        return transport.LocalEndPoint;
    }

    private IPEndPoint RelayRewriting(KademliaNode target, Func<HandshakeReplyBody, HandshakeReplyBody> rewrite)
    {
        IDatagramTransport transport = _network.CreateTransport();
        ((IBulkCapable)transport).OpenBulkChannel(1 << 20, async (frame, from, ct) =>
        {
            ReadOnlyMemory<byte>? reply = await target.InjectBulkAsync(frame.Span.ToArray(), from);
            if (reply is null || EnvelopeCodec.TryParse(reply.Value.Span, out EnvelopeView view) != DropReason.None)
            {
                return null;
            }

            HandshakeReplyBody body = rewrite(HandshakeReplyBody.Read(view.Body));
            return PooledFrame.Of(EnvelopeCodec.Encode(MessageType.HandshakeReply, view.RequestId, target.Self.Id, _responderSigner, view.TimestampMs, body));
        });
        return transport.LocalEndPoint;
    }

    private static void AssertDroppedOnly(KademliaNode node, DropReason reason)
    {
        IReadOnlyDictionary<string, long> drops = node.GetStats().DropsByReason;
        Assert.Equal(1, Assert.Single(drops).Value);
        Assert.Equal(DropReasons.Name(reason), drops.Keys.Single());
    }

    /// <summary>Claims one key and signs with another.</summary>
    private sealed class ImpostorSigner(INodeSigner claimed, INodeSigner actual) : INodeSigner
    {
        public byte Algorithm => claimed.Algorithm;

        public ReadOnlyMemory<byte> PublicKey => claimed.PublicKey;

        public int SignatureSize => actual.SignatureSize;

        public void Sign(ReadOnlySpan<byte> data, Span<byte> signature) => actual.Sign(data, signature);

        public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) => actual.Verify(publicKey, data, signature);

        public void Dispose()
        {
        }
    }
}
