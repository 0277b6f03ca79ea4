using System.Net;
using Zhtp.Storage.Dht.Node;
using Zhtp.Storage.Dht.Wire;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Wire;

public sealed class SessionAuthenticationTests
{
    private static readonly IPEndPoint From = new(IPAddress.Parse("192.0.2.9"), 4000);

    [Fact(Timeout = 30_000)]
    public async Task Encode_AfterKeysWereExchanged_UsesSessionMacThatTheReceiverAccepts()
    {
        var network = new InMemoryNetwork();
        await using var a = (KademliaNode)await DhtNode.CreateAsync(new DhtConfig(), network.CreateTransport(), NodeSigners.CreateEcdsaP256());
        await using var b = (KademliaNode)await DhtNode.CreateAsync(new DhtConfig(), network.CreateTransport(), NodeSigners.CreateEcdsaP256());
        Assert.NotNull(await a.PingAsync(b.Self.EndPoint));

        byte[] datagram = a.Encode(MessageType.Ping, 4242, EmptyBody.Instance, b.Self.Id);
        long accepted = b.GetStats().MessagesAccepted;
        b.Inject(datagram, From);

        Assert.Equal(DropReason.None, EnvelopeCodec.TryParse(datagram, out EnvelopeView view));
        Assert.Equal(0x81, view.Algorithm);
        Assert.Equal(32, view.Signature.Length);
        Assert.Equal(accepted + 1, b.GetStats().MessagesAccepted);
    }

    [Fact(Timeout = 30_000)]
    public async Task Receive_SessionMacTampered_DroppedAsBadSignature()
    {
        var network = new InMemoryNetwork();
        await using var a = (KademliaNode)await DhtNode.CreateAsync(new DhtConfig(), network.CreateTransport(), NodeSigners.CreateEcdsaP256());
        await using var b = (KademliaNode)await DhtNode.CreateAsync(new DhtConfig(), network.CreateTransport(), NodeSigners.CreateEcdsaP256());
        await using var c = (KademliaNode)await DhtNode.CreateAsync(new DhtConfig(), network.CreateTransport(), NodeSigners.CreateEcdsaP256());
        Assert.NotNull(await a.PingAsync(b.Self.EndPoint));
        Assert.NotNull(await a.PingAsync(c.Self.EndPoint));

        byte[] tampered = a.Encode(MessageType.Ping, 1, EmptyBody.Instance, b.Self.Id);
        tampered[^1] ^= 1;
        byte[] forOther = a.Encode(MessageType.Ping, 2, EmptyBody.Instance, c.Self.Id);
        b.Inject(tampered, From);
        b.Inject(forOther, From);

        Assert.Equal(2, b.GetStats().DropsByReason["bad-signature"]);
        Assert.NotNull(await a.PingAsync(b.Self.EndPoint));
    }
}
