using System.Net;
using Zhtp.Storage.Dht.Node;
using Zhtp.Storage.Dht.Wire;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Handshake;

/// <summary>ML-DSA-65 nodes on loopback UDP + TCP: the hybrid handshake over the bulk channel, then session-MAC datagrams.</summary>
public sealed class MLDsaUdpNodeTests
{
    private static readonly IPEndPoint AnyLoopback = new(IPAddress.Loopback, 0);

    // Real sockets on real time: generous timeouts so a loaded 2-core machine does not lose a reply.
    private static DhtConfig Config => new() { RequestTimeout = TimeSpan.FromSeconds(1), MaxRetries = 2 };

    private static async Task<KademliaNode> StartAsync() =>
        (KademliaNode)await DhtNode.CreateAsync(new DhtNodeOptions
        {
            Config = Config,
            Transport = DatagramTransports.BindUdp(AnyLoopback),
            Signer = NodeSigners.CreateMLDsa65(),
            MaintenanceInterval = null,
        });

    [Fact(Timeout = 120_000)]
    public async Task TwoNodes_JoinPingStoreFind_SmallAndBulkValues()
    {
        await using KademliaNode a = await StartAsync();
        await using KademliaNode b = await StartAsync();

        Assert.True(a.UsesHandshake);
        Assert.True(await b.JoinAsync([a.Self.EndPoint]) >= 1);
        Contact? pong = await b.PingAsync(a.Self.EndPoint);
        byte[] small = "a small value in one datagram"u8.ToArray();
        byte[] bulk = new byte[300 * 1024];
        new Random(12).NextBytes(bulk);
        StoreResult storedSmall = await b.StoreAsync(small);
        StoreResult storedBulk = await b.StoreAsync(bulk);
        FindValueResult foundSmall = await a.FindValueAsync(storedSmall.Key);
        FindValueResult foundBulk = await a.FindValueAsync(storedBulk.Key);
        StoreResult storedMutable = await b.PutMutableAsync("profile", 1, "signed by an ML-DSA owner"u8.ToArray());
        FindValueResult foundMutable = await a.FindValueAsync(storedMutable.Key);

        Assert.Equal(a.Self.Id, pong?.Id);
        Assert.Contains(storedSmall.StoredOn, c => c.Id == a.Self.Id);
        Assert.Contains(storedBulk.StoredOn, c => c.Id == a.Self.Id);
        Assert.Equal(small, foundSmall.Record?.Value.ToArray());
        Assert.Equal(bulk, foundBulk.Record?.Value.ToArray());
        Assert.Equal("signed by an ML-DSA owner"u8.ToArray(), foundMutable.Record?.Value.ToArray());
        Assert.Equal(3309, foundMutable.Record!.Signature.Length);
        Assert.True(b.Counters.Handshakes().Completed >= 1, "b never completed a handshake");
        Assert.NotNull(a.HandshakeSessions.ForSending(b.Self.Id, DateTimeOffset.UtcNow, reply: true));
        // A late reply to a lookup that already finished may be dropped as unsolicited; nothing may fail authentication.
        Assert.All(new[] { a, b }, n => Assert.Equal(0, AuthenticationDrops(n)));
    }

    [Fact(Timeout = 180_000)]
    public async Task SixNodes_JoinAndLookups_EveryValueFoundFromEveryNode()
    {
        var nodes = new List<KademliaNode>();
        try
        {
            for (int i = 0; i < 6; i++)
            {
                KademliaNode node = await StartAsync();
                if (i > 0)
                {
                    await node.JoinAsync([nodes[0].Self.EndPoint]);
                }

                nodes.Add(node);
            }

            StoreResult[] stored = await Task.WhenAll(nodes.Select((n, i) => n.StoreAsync(Enumerable.Repeat((byte)i, 40 + (i * 100)).ToArray())));
            foreach (KademliaNode finder in nodes)
            {
                foreach ((StoreResult result, int i) in stored.Select((s, i) => (s, i)))
                {
                    FindValueResult found = await finder.FindValueAsync(result.Key);
                    Assert.True(found.Found, $"node {finder.Self.Id} did not find value {i}");
                    Assert.Equal(40 + (i * 100), found.Record!.Value.Length);
                }
            }

            Assert.All(nodes, n => Assert.Equal(0, AuthenticationDrops(n)));
        }
        finally
        {
            foreach (KademliaNode node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task SessionDatagrams_AfterHandshake_FitTheDatagramLimit()
    {
        await using KademliaNode a = await StartAsync();
        await using KademliaNode b = await StartAsync();
        Assert.NotNull(await a.PingAsync(b.Self.EndPoint));

        byte[] ping = a.Encode(MessageType.Ping, ulong.MaxValue, EmptyBody.Instance, b.Self.Id);
        var random = new Random(3);
        var twenty = Enumerable.Range(0, 20).Select(i => new Contact(TestIds.Random(random), new IPEndPoint(IPAddress.Parse("2001:db8::1"), 65000 + i))).ToList();
        byte[] nodes = b.Encode(MessageType.Nodes, 2, new NodesBody(twenty), a.Self.Id, reply: true);
        byte[] fullPayload = a.Encode(MessageType.AppRequest, ulong.MaxValue, new AppRequestBody(new string('p', 64), new byte[a.MaxPayloadSize]), b.Self.Id);
        long accepted = b.GetStats().MessagesAccepted;
        b.Inject(ping, new IPEndPoint(IPAddress.Loopback, 9));

        Assert.Equal(DropReason.None, EnvelopeCodec.TryParse(ping, out EnvelopeView view));
        Assert.Equal(MLDsa65Algorithm | EnvelopeCodec.SessionFlag, view.Algorithm);
        Assert.Equal(EnvelopeCodec.SessionTagSize, view.SenderKey.Length);
        Assert.Equal(EnvelopeCodec.SessionMacSize, view.Signature.Length);
        Assert.Equal(accepted + 1, b.GetStats().MessagesAccepted);
        using INodeSigner mlDsa = NodeSigners.CreateMLDsa65();
        Assert.Equal(101, EnvelopeCodec.Overhead(mlDsa, handshakeSessionsOnly: true));
        Assert.True(EnvelopeCodec.RequiresHandshake(mlDsa, Config.MaxDatagramSize));
        Assert.Equal(1229, a.MaxPayloadSize);
        Assert.Equal(102, ping.Length); // the 101-byte envelope at its largest and the empty body
        Assert.True(nodes.Length <= Config.MaxDatagramSize, $"a Nodes reply with 20 IPv6 contacts is {nodes.Length} bytes");
        Assert.Equal(Config.MaxDatagramSize, fullPayload.Length);
    }

    private const int MLDsa65Algorithm = 3;

    private static long AuthenticationDrops(KademliaNode node) =>
        new[] { DropReason.BadSignature, DropReason.UnknownSession, DropReason.BadHandshake, DropReason.IdKeyMismatch, DropReason.Oversized, DropReason.Malformed }.Sum(node.Counters.Drops);
}
