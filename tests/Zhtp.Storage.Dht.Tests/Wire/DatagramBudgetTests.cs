using Zhtp.Storage.Dht.Node;
using Zhtp.Storage.Dht.Tests.Node;
using Zhtp.Storage.Dht.Wire;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Wire;

/// <summary>
/// IDhtNode.MaxPayloadSize = MaxDatagramSize − EnvelopeCodec.Overhead(signer) − AppRequestBody.MaxFraming:
/// the largest payload-carrying datagram (an AppRequest with the longest protocol name) fills
/// MaxDatagramSize exactly, one byte more would not fit.
/// </summary>
public sealed class DatagramBudgetTests
{
    private static readonly string LongestProtocol = new('p', AppRequestBody.MaxProtocolBytes);

    // Timestamps after 1970-02-19 need the 9-byte integer form, as any real clock's do.
    private const long TimestampMs = 1_763_700_000_000;

    public static TheoryData<string> Signers => new() { "ecdsa", "insecure" };

    private static INodeSigner Create(string kind) => kind == "ecdsa" ? NodeSigners.CreateEcdsaP256() : NodeSigners.CreateInsecureForSimulation(new Random(3));

    [Theory]
    [MemberData(nameof(Signers))]
    public async Task MaxPayloadSize_LargestAppRequest_FillsDatagramExactly(string kind)
    {
        INodeSigner signer = Create(kind);
        var config = new DhtConfig();
        await using IDhtNode node = await DhtNode.CreateAsync(config, new InMemoryNetwork().CreateTransport(), signer);
        NodeId id = NodeId.FromPublicKey(signer.PublicKey.Span);

        int atLimit = Math.Max(Encoded(signer, id, node.MaxPayloadSize, session: false), Encoded(signer, id, node.MaxPayloadSize, session: true));
        int overLimit = Math.Max(Encoded(signer, id, node.MaxPayloadSize + 1, session: false), Encoded(signer, id, node.MaxPayloadSize + 1, session: true));

        Assert.Equal(config.MaxDatagramSize, atLimit);
        Assert.Equal(config.MaxDatagramSize + 1, overLimit);
    }

    [Fact]
    public async Task MaxPayloadSize_EcdsaDefaults_MatchesDocumentedFigure()
    {
        await using IDhtNode node = await DhtNode.CreateAsync(new DhtConfig(), new InMemoryNetwork().CreateTransport(), NodeSigners.CreateEcdsaP256());

        // docs/protocol.md: 1,400 − 189 (envelope: 55 fixed + key 2 + 65 + algorithm 1 + signature 2 + 64) − 70 (AppRequest framing).
        Assert.Equal(1_141, node.MaxPayloadSize);
        Assert.Equal(189, EnvelopeCodec.Overhead(NodeSigners.CreateEcdsaP256()));
    }

    [Fact(Timeout = 60_000)]
    public async Task SendRequestAsync_PayloadOfMaxPayloadSize_ArrivesWhole()
    {
        await using NodeCluster cluster = await NodeCluster.StartAsync(2, secure: true);
        IDhtNode host = cluster.Nodes[1];
        int received = -1;
        host.RegisterRequestHandler(LongestProtocol, (sender, payload, ct) =>
        {
            received = payload.Length;
            return ValueTask.FromResult<ReadOnlyMemory<byte>>(new byte[host.MaxPayloadSize]);
        });
        byte[] payload = new byte[cluster.Nodes[0].MaxPayloadSize];

        // Twice: the first request is signed, the second carries a session MAC.
        AppResponse first = await cluster.RunAsync(() => cluster.Nodes[0].SendRequestAsync(host.Self, LongestProtocol, payload));
        AppResponse second = await cluster.RunAsync(() => cluster.Nodes[0].SendRequestAsync(host.Self, LongestProtocol, payload));

        Assert.True(first.Success, first.Message);
        Assert.True(second.Success, second.Message);
        Assert.Equal(payload.Length, received);
        Assert.Equal(host.MaxPayloadSize, second.Payload.Length);
        Assert.Equal(0, host.GetStats().MessagesDropped);
        // One byte more goes over the bulk channel; beyond 65,535 bytes nothing carries it.
        AppResponse bulk = await cluster.RunAsync(() => cluster.Nodes[0].SendRequestAsync(host.Self, LongestProtocol, new byte[payload.Length + 1]));
        Assert.True(bulk.Success, bulk.Message);
        Assert.Equal(payload.Length + 1, received);
        await Assert.ThrowsAsync<ArgumentException>(() => cluster.Nodes[0].SendRequestAsync(host.Self, LongestProtocol, new byte[ushort.MaxValue + 1]));
        await Assert.ThrowsAsync<ArgumentException>(() => cluster.Nodes[0].SendRequestAsync(host.Self, LongestProtocol + "p", payload));
    }

    private static int Encoded(INodeSigner signer, NodeId id, int payloadLength, bool session) =>
        EnvelopeCodec.Encode(MessageType.AppRequest, ulong.MaxValue, id, signer, TimestampMs, new AppRequestBody(LongestProtocol, new byte[payloadLength]), session ? new byte[EnvelopeCodec.SessionMacSize] : null).Length;
}
