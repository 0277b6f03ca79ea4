using System.Net;
using Zhtp.Storage.Dht.Handshake;
using Zhtp.Storage.Dht.Node;
using Zhtp.Storage.Dht.Tests.Node;
using Zhtp.Storage.Dht.Wire;
using Zhtp.Storage.Testing;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Handshake;

/// <summary>Session life cycle: restart, rekey, ECDSA with the hybrid handshake, algorithms that do not match.</summary>
public sealed class HandshakeSessionTests
{
    private static readonly IPEndPoint From = new(IPAddress.Parse("192.0.2.8"), 4000);

    [Fact(Timeout = 60_000)]
    public async Task Restart_PeerSendsUnderForgottenSession_RetriesWithNewHandshake()
    {
        // Real time: the restarted node drops the first attempt (as a real node would), which must time
        // out; NetworkClock treats a request a live node never answers as a hung network.
        var network = new InMemoryNetwork();
        using INodeSigner restartingKey = NodeSigners.CreateMLDsa65();
        await using KademliaNode a = await StartAsync(network, NodeSigners.CreateMLDsa65());
        KademliaNode b = await StartAsync(network, restartingKey);
        IPEndPoint address = b.Self.EndPoint;
        Assert.NotNull(await a.PingAsync(address));
        await b.DisposeAsync();

        await using KademliaNode restarted = await StartAsync(network, restartingKey, network.CreateTransportAt(address));
        Contact? pong = await a.PingAsync(address);

        Assert.Equal(b.Self.Id, pong?.Id);
        Assert.True(restarted.Counters.Drops(DropReason.UnknownSession) >= 1, "the restarted node saw no datagram under the forgotten session");
        // Two: the first session and the new one after the restart. On real time a loaded machine may let one
        // handshake attempt time out and be repeated, so a third is allowed; what must not happen is none.
        Assert.InRange(a.Counters.Handshakes().Completed, 2, 3);
        Assert.InRange(restarted.Counters.Handshakes().Answered, 1, 2);
    }

    [Fact(Timeout = 60_000)]
    public async Task Restart_RestartedNodeSpeaksFirst_PeerTakesItsNewSession()
    {
        NetworkClock clock = NetworkClock.Create();
        using INodeSigner restartingKey = NodeSigners.CreateMLDsa65();
        await using KademliaNode a = await StartAsync(clock, NodeSigners.CreateMLDsa65());
        KademliaNode b = await StartAsync(clock, restartingKey);
        IPEndPoint address = b.Self.EndPoint;
        Assert.NotNull(await clock.RunAsync(() => a.PingAsync(address)));
        await b.DisposeAsync();

        await using KademliaNode restarted = await StartAsync(clock, restartingKey, clock.Network.CreateTransportAt(address));
        Assert.NotNull(await clock.RunAsync(() => restarted.PingAsync(a.Self.EndPoint)));
        Assert.NotNull(await clock.RunAsync(() => a.PingAsync(address)));

        Assert.Equal(0, restarted.Counters.Drops(DropReason.UnknownSession));
        Assert.Equal(1, restarted.Counters.Handshakes().Completed);
        Assert.Equal(1, a.Counters.Handshakes().Completed);
    }

    [Fact(Timeout = 60_000)]
    public async Task Rekey_SessionOlderThanLifetime_NextRequestHandshakesAgain()
    {
        NetworkClock clock = NetworkClock.Create();
        await using KademliaNode a = await StartAsync(clock, NodeSigners.CreateMLDsa65());
        await using KademliaNode b = await StartAsync(clock, NodeSigners.CreateMLDsa65());
        Assert.NotNull(await clock.RunAsync(() => a.PingAsync(b.Self.EndPoint)));
        HandshakeSession first = a.HandshakeSessions.ForSending(b.Self.Id, clock.Time.GetUtcNow())!;
        Assert.NotNull(await clock.RunAsync(() => a.PingAsync(b.Self.EndPoint)));
        Assert.Equal(1, a.Counters.Handshakes().Completed);

        await clock.AdvanceAsync(HandshakeSessions.Lifetime + TimeSpan.FromSeconds(1));
        Assert.Null(a.HandshakeSessions.ForSending(b.Self.Id, clock.Time.GetUtcNow()));
        Assert.NotNull(await clock.RunAsync(() => a.PingAsync(b.Self.EndPoint)));

        Assert.Equal(2, a.Counters.Handshakes().Completed);
        HandshakeSession second = a.HandshakeSessions.ForSending(b.Self.Id, clock.Time.GetUtcNow())!;
        Assert.NotEqual(first.Tag, second.Tag);
        Assert.NotEqual(first.MacKey, second.MacKey);
        await clock.AdvanceAsync(HandshakeSessions.Grace);
        Assert.Null(b.HandshakeSessions.Find(a.Self.Id, first.Tag, clock.Time.GetUtcNow()));
    }

    [Fact(Timeout = 60_000)]
    public async Task Ecdsa_HybridHandshakeOptIn_SendsTaggedSessionMacsAndInteroperatesWithDefaultNodes()
    {
        NetworkClock clock = NetworkClock.Create();
        await using KademliaNode hybrid = await StartAsync(clock, NodeSigners.CreateEcdsaP256(), hybrid: true);
        await using KademliaNode plain = await StartAsync(clock, NodeSigners.CreateEcdsaP256());
        await using KademliaNode otherPlain = await StartAsync(clock, NodeSigners.CreateEcdsaP256());

        Assert.True(hybrid.UsesHandshake);
        Assert.False(plain.UsesHandshake);
        Assert.NotNull(await clock.RunAsync(() => hybrid.PingAsync(plain.Self.EndPoint)));
        Assert.NotNull(await clock.RunAsync(() => plain.PingAsync(hybrid.Self.EndPoint)));
        Assert.NotNull(await clock.RunAsync(() => plain.PingAsync(otherPlain.Self.EndPoint)));
        Assert.NotNull(await clock.RunAsync(() => otherPlain.PingAsync(plain.Self.EndPoint)));

        EnvelopeCodec.TryParse(hybrid.Encode(MessageType.Ping, 1, EmptyBody.Instance, plain.Self.Id), out EnvelopeView fromHybrid);
        Assert.Equal(0x81, fromHybrid.Algorithm);
        Assert.Equal(EnvelopeCodec.SessionTagSize, fromHybrid.SenderKey.Length);
        EnvelopeCodec.TryParse(plain.Encode(MessageType.Ping, 2, EmptyBody.Instance, hybrid.Self.Id), out EnvelopeView toHybrid);
        Assert.Equal(EnvelopeCodec.SessionTagSize, toHybrid.SenderKey.Length); // a held handshake session is preferred
        EnvelopeCodec.TryParse(plain.Encode(MessageType.Ping, 3, EmptyBody.Instance, otherPlain.Self.Id), out EnvelopeView between);
        Assert.Equal(65, between.SenderKey.Length); // the ECDSA default: static-ECDH session with the full key
        Assert.Equal(1, hybrid.Counters.Handshakes().Completed);
        Assert.Equal(0, plain.Counters.Handshakes().Started);
    }

    [Fact(Timeout = 60_000)]
    public async Task Receive_HandshakeAsDatagramOrOtherAlgorithm_DroppedAndCounted()
    {
        NetworkClock clock = NetworkClock.Create();
        using INodeSigner ecdsa = NodeSigners.CreateEcdsaP256();
        // Datagrams large enough for an ECDSA handshake (about 1,410 bytes): only the type refuses it.
        await using KademliaNode plain = await StartAsync(clock, NodeSigners.CreateEcdsaP256(), config: NodeCluster.FastConfig with { MaxDatagramSize = 4096 });
        await using KademliaNode mlDsa = await StartAsync(clock, NodeSigners.CreateMLDsa65());
        long now = clock.Time.GetUtcNow().ToUnixTimeMilliseconds();
        using var keys = new HybridHandshake.Initiator();
        NodeId sender = NodeId.FromPublicKey(ecdsa.PublicKey.Span);
        byte[] handshake = EnvelopeCodec.Encode(MessageType.Handshake, 9, sender, ecdsa, now, new HandshakeBody(HandshakeBody.SuiteX25519MLKem768, null, keys.EphemeralKey, keys.EncapsulationKey));
        byte[] ping = EnvelopeCodec.Encode(MessageType.Ping, 10, sender, ecdsa, now, EmptyBody.Instance);

        plain.Inject(handshake, From);
        mlDsa.Inject(ping, From);

        Assert.Equal(1, plain.Counters.Drops(DropReason.BadHandshake));
        Assert.Equal(0, plain.Counters.Handshakes().Answered);
        Assert.Equal(1, mlDsa.Counters.Drops(DropReason.UnsupportedAlgorithm));
    }

    [Fact]
    public async Task Options_MLDsaWithHybridHandshakeOff_RefusedWithReason()
    {
        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => DhtNode.CreateAsync(new DhtNodeOptions
        {
            Transport = new InMemoryNetwork().CreateTransport(),
            Signer = NodeSigners.CreateMLDsa65(),
            HybridHandshake = false,
        }));
        Assert.Contains("hybrid handshake", error.Message, StringComparison.Ordinal);
    }

    private static Task<KademliaNode> StartAsync(NetworkClock clock, INodeSigner signer, IDatagramTransport? transport = null, bool hybrid = false, DhtConfig? config = null) =>
        StartAsync(clock.Network, signer, transport, hybrid, config, clock.Time);

    /// <summary>A node on <paramref name="network"/>; on real time unless <paramref name="time"/> is the network's fake clock.</summary>
    private static async Task<KademliaNode> StartAsync(InMemoryNetwork network, INodeSigner signer, IDatagramTransport? transport = null, bool hybrid = false, DhtConfig? config = null, TimeProvider? time = null) =>
        (KademliaNode)await DhtNode.CreateAsync(new DhtNodeOptions
        {
            Config = config ?? NodeCluster.FastConfig with { MaxRetries = 2 },
            Transport = transport ?? network.CreateTransport(),
            Signer = signer,
            TimeProvider = time ?? TimeProvider.System,
            MaintenanceInterval = null,
            HybridHandshake = hybrid ? true : null,
        });
}
