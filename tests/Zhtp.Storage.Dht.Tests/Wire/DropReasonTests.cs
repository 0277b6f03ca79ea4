using System.Net;
using Zhtp.Storage.Dht.Node;
using Zhtp.Storage.Dht.Wire;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Wire;

public sealed class DropReasonTests : IAsyncLifetime
{
    private readonly InMemoryNetwork _network = new();
    private readonly INodeSigner _attacker = NodeSigners.CreateEcdsaP256();
    private readonly IPEndPoint _from = new(IPAddress.Parse("192.0.2.7"), 5000);
    private KademliaNode _node = null!;
    private IDhtNode _client = null!;

    public async Task InitializeAsync()
    {
        var config = new DhtConfig { RequestTimeout = TimeSpan.FromSeconds(2), MaxClockSkew = TimeSpan.FromSeconds(30) };
        _node = (KademliaNode)await DhtNode.CreateAsync(config, _network.CreateTransport(), NodeSigners.CreateEcdsaP256());
        _client = await DhtNode.CreateAsync(config, _network.CreateTransport(), NodeSigners.CreateEcdsaP256());
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _client.DisposeAsync();
    }

    private NodeId AttackerId => NodeId.FromPublicKey(_attacker.PublicKey.Span);

    private byte[] Ping(ulong requestId = 7, long? timestampMs = null, NodeId? sender = null, MessageType type = MessageType.Ping) =>
        EnvelopeCodec.Encode(type, requestId, sender ?? AttackerId, _attacker, timestampMs ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), EmptyBody.Instance);

    private async Task AssertDroppedAsync(byte[] datagram, string reason, int times = 1)
    {
        long before = _node.GetStats().DropsByReason.GetValueOrDefault(reason);
        _node.Inject(datagram, _from);
        DhtStats stats = _node.GetStats();

        Assert.Equal(before + times, stats.DropsByReason.GetValueOrDefault(reason));
        Assert.Equal(stats.MessagesReceived, stats.MessagesAccepted + stats.MessagesDropped);
        Assert.NotNull(await _client.PingAsync(_node.Self.EndPoint));
    }

    [Fact(Timeout = 20_000)]
    public async Task Receive_ForgedSignature_DroppedAsBadSignature()
    {
        byte[] datagram = Ping();
        datagram[^5] ^= 0x40;

        await AssertDroppedAsync(datagram, "bad-signature");
    }

    [Fact(Timeout = 20_000)]
    public async Task Receive_IdNotMatchingKey_DroppedAsIdKeyMismatch()
    {
        await AssertDroppedAsync(Ping(sender: new NodeId(Hash256.Random(new Random(1)))), "id-key-mismatch");
    }

    [Fact(Timeout = 20_000)]
    public async Task Receive_StaleTimestamp_Dropped()
    {
        await AssertDroppedAsync(Ping(timestampMs: DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds()), "stale-timestamp");
    }

    [Fact(Timeout = 20_000)]
    public async Task Receive_FutureTimestamp_Dropped()
    {
        await AssertDroppedAsync(Ping(timestampMs: DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds()), "future-timestamp");
    }

    [Fact(Timeout = 20_000)]
    public async Task Receive_SameRequestTwice_SecondDroppedAsReplay()
    {
        byte[] datagram = Ping(requestId: 99);
        _node.Inject(datagram, _from);

        await AssertDroppedAsync(datagram, "replay");
    }

    [Fact(Timeout = 20_000)]
    public async Task Receive_OversizedDatagram_Dropped()
    {
        byte[] datagram = new byte[1401];
        Ping().CopyTo(datagram, 0);

        await AssertDroppedAsync(datagram, "oversized");
    }

    [Fact(Timeout = 20_000)]
    public async Task Receive_TruncatedDatagram_Dropped()
    {
        byte[] datagram = Ping();

        await AssertDroppedAsync(datagram[..(datagram.Length / 2)], "truncated");
    }

    [Fact(Timeout = 20_000)]
    public async Task Receive_UnknownMessageType_Dropped()
    {
        await AssertDroppedAsync(Ping(type: (MessageType)99), "unknown-type");
    }

    [Fact(Timeout = 20_000)]
    public async Task Receive_Garbage_DroppedAsMalformed()
    {
        await AssertDroppedAsync([0xc1, 0x00, 0x01], "malformed");
    }

    [Fact(Timeout = 20_000)]
    public async Task Receive_OtherProtocolVersion_Dropped()
    {
        byte[] datagram = Ping();
        datagram[1] = 2;

        await AssertDroppedAsync(datagram, "unsupported-version");
    }

    [Fact(Timeout = 20_000)]
    public async Task Receive_ReplyToNoRequest_DroppedAsUnsolicited()
    {
        await AssertDroppedAsync(Ping(requestId: 12345, type: MessageType.Pong), "unsolicited-response");
    }

    [Fact(Timeout = 20_000)]
    public async Task Receive_OtherSignatureAlgorithm_Dropped()
    {
        INodeSigner insecure = NodeSigners.CreateInsecureForSimulation(new Random(3));
        byte[] datagram = EnvelopeCodec.Encode(MessageType.Ping, 1, NodeId.FromPublicKey(insecure.PublicKey.Span), insecure, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), EmptyBody.Instance);

        await AssertDroppedAsync(datagram, "unsupported-algorithm");
    }

    [Fact(Timeout = 20_000)]
    public async Task Receive_ValidPing_AcceptedAndAnswered()
    {
        long before = _node.GetStats().MessagesAccepted;

        _node.Inject(Ping(requestId: 5), _from);

        Assert.Equal(before + 1, _node.GetStats().MessagesAccepted);
        Assert.Empty(_node.GetStats().DropsByReason);
        Assert.NotNull(await _client.PingAsync(_node.Self.EndPoint));
    }
}
