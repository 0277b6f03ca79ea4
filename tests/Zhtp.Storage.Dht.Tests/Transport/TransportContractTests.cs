using System.Net;
using System.Threading.Channels;

namespace Zhtp.Storage.Dht.Tests.Transport;

/// <summary>The contract every <see cref="IDatagramTransport"/> keeps; run against each implementation.</summary>
public abstract class TransportContractTests
{
    protected abstract (IDatagramTransport A, IDatagramTransport B) CreatePair();

    [Fact(Timeout = 10_000)]
    public async Task SendAsync_Datagram_ArrivesIntactWithSenderEndpoint()
    {
        (IDatagramTransport a, IDatagramTransport b) = CreatePair();
        await using (a)
        await using (b)
        {
            var received = Channel.CreateUnbounded<(byte[] Data, IPEndPoint From)>();
            b.Start((datagram, from) => received.Writer.TryWrite((datagram.ToArray(), from)));
            a.Start((_, _) => { });
            byte[] payload = Enumerable.Range(0, 1200).Select(i => (byte)i).ToArray();

            await a.SendAsync(payload, b.LocalEndPoint);
            (byte[] data, IPEndPoint from) = await received.Reader.ReadAsync();

            Assert.Equal(payload, data);
            Assert.Equal(a.LocalEndPoint, from);
        }
    }

    [Fact(Timeout = 10_000)]
    public async Task Receiver_Throws_TransportKeepsDelivering()
    {
        (IDatagramTransport a, IDatagramTransport b) = CreatePair();
        await using (a)
        await using (b)
        {
            var received = Channel.CreateUnbounded<byte>();
            b.Start((datagram, _) =>
            {
                if (datagram[0] == 0)
                {
                    throw new InvalidOperationException("receiver bug");
                }

                received.Writer.TryWrite(datagram[0]);
            });
            a.Start((_, _) => { });

            await a.SendAsync(new byte[] { 0 }, b.LocalEndPoint);
            await a.SendAsync(new byte[] { 7 }, b.LocalEndPoint);

            Assert.Equal(7, await received.Reader.ReadAsync());
        }
    }

    [Fact(Timeout = 10_000)]
    public async Task SendAsync_AfterDispose_ThrowsObjectDisposed()
    {
        (IDatagramTransport a, IDatagramTransport b) = CreatePair();
        await b.DisposeAsync();
        a.Start((_, _) => { });
        await a.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await a.SendAsync(new byte[] { 1 }, b.LocalEndPoint));
    }

    [Fact(Timeout = 10_000)]
    public async Task Start_Twice_Throws()
    {
        (IDatagramTransport a, IDatagramTransport b) = CreatePair();
        await using (a)
        await using (b)
        {
            a.Start((_, _) => { });

            Assert.Throws<InvalidOperationException>(() => a.Start((_, _) => { }));
        }
    }
}

public sealed class InMemoryTransportTests : TransportContractTests
{
    protected override (IDatagramTransport A, IDatagramTransport B) CreatePair()
    {
        var network = new InMemoryNetwork();
        return (network.CreateTransport(), network.CreateTransport());
    }

    [Fact(Timeout = 10_000)]
    public async Task Kill_Node_DatagramsToItAreLostUntilRevived()
    {
        var network = new InMemoryNetwork();
        await using IDatagramTransport a = network.CreateTransport();
        await using IDatagramTransport b = network.CreateTransport();
        var received = Channel.CreateUnbounded<byte>();
        b.Start((datagram, _) => received.Writer.TryWrite(datagram[0]));
        network.Kill(b.LocalEndPoint);

        await a.SendAsync(new byte[] { 1 }, b.LocalEndPoint);
        network.Revive(b.LocalEndPoint);
        await a.SendAsync(new byte[] { 2 }, b.LocalEndPoint);

        Assert.Equal(2, await received.Reader.ReadAsync());
        Assert.Equal(1, network.Dropped);
    }

    [Fact(Timeout = 10_000)]
    public async Task LossRateOne_EveryDatagramLost()
    {
        var network = new InMemoryNetwork(new InMemoryNetworkOptions { LossRate = 1.0 });
        await using IDatagramTransport a = network.CreateTransport();
        await using IDatagramTransport b = network.CreateTransport();
        b.Start((_, _) => Assert.Fail("a datagram arrived"));

        for (int i = 0; i < 100; i++)
        {
            await a.SendAsync(new byte[] { 1 }, b.LocalEndPoint);
        }

        Assert.Equal(100, network.Dropped);
        Assert.Equal(0, network.Delivered);
    }
}

public sealed class UdpTransportTests : TransportContractTests
{
    protected override (IDatagramTransport A, IDatagramTransport B) CreatePair() =>
        (DatagramTransports.BindUdp(new IPEndPoint(IPAddress.Loopback, 0)), DatagramTransports.BindUdp(new IPEndPoint(IPAddress.Loopback, 0)));

    [Fact(Timeout = 10_000)]
    public async Task SendAsync_ToClosedPort_ReceiveLoopSurvivesIcmpErrors()
    {
        await using IDatagramTransport a = DatagramTransports.BindUdp(new IPEndPoint(IPAddress.Loopback, 0));
        IDatagramTransport closed = DatagramTransports.BindUdp(new IPEndPoint(IPAddress.Loopback, 0));
        IPEndPoint gone = closed.LocalEndPoint;
        await closed.DisposeAsync();
        await using IDatagramTransport b = DatagramTransports.BindUdp(new IPEndPoint(IPAddress.Loopback, 0));
        var received = Channel.CreateUnbounded<byte>();
        a.Start((datagram, _) => received.Writer.TryWrite(datagram[0]));
        b.Start((_, _) => { });

        for (int i = 0; i < 20; i++)
        {
            await a.SendAsync(new byte[] { 1 }, gone);
        }

        await b.SendAsync(new byte[] { 9 }, a.LocalEndPoint);

        Assert.Equal(9, await received.Reader.ReadAsync());
    }
}
