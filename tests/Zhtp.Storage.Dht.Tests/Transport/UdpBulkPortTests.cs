using System.Net;
using System.Net.Sockets;
using Zhtp.Storage.Dht.Bulk;
using Zhtp.Storage.Dht.Transport;
using Zhtp.Storage.Dht.Wire;

namespace Zhtp.Storage.Dht.Tests.Transport;

/// <summary>
/// The UDP transport and the TCP bulk channel share a port number. A node bound to port 0 whose TCP twin was
/// taken answered lookups but refused every shard (connection refused), so port 0 now only takes a port whose
/// TCP twin can be reserved too.
/// </summary>
public sealed class UdpBulkPortTests
{
    private static readonly IPEndPoint AnyLoopback = new(IPAddress.Loopback, 0);

    [Fact(Timeout = 20_000)]
    public async Task BindPortZero_TcpTwinTakenThreeTimes_TakesTheFourthPort_AndServesBulkFramesOnIt()
    {
        var offered = new List<int>();
        await using var transport = new UdpTransport(AnyLoopback, endPoint =>
        {
            offered.Add(endPoint.Port);
            return offered.Count <= 3 ? null : TcpBulkChannel.TryReserve(endPoint);
        });
        await using IBulkChannel server = transport.OpenBulkChannel(1 << 20, (frame, _, _) => Task.FromResult<PooledFrame?>(PooledFrame.Of(frame.Span.ToArray())), listen: true)!;
        await using TcpBulkChannel client = TcpBulkChannel.TryListen(AnyLoopback, 1 << 20, (_, _, _) => Task.FromResult<PooledFrame?>(null), listen: false);

        using PooledFrame? reply = await client.ExchangeAsync(transport.LocalEndPoint, new byte[] { 7, 8, 9 }, TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal(4, offered.Count);
        Assert.Equal(offered[^1], transport.LocalEndPoint.Port);
        Assert.Equal(transport.LocalEndPoint, ((TcpBulkChannel)server).LocalEndPoint);
        Assert.Equal([7, 8, 9], reply!.Span.ToArray());
    }

    [Fact(Timeout = 20_000)]
    public async Task BindExplicitPort_TcpTwinTaken_BindsUdpAnyway_AndSaysTheBulkListenerIsMissing()
    {
        using var squatter = new TcpListener(AnyLoopback);
        squatter.Start();
        var taken = (IPEndPoint)squatter.LocalEndpoint;
        IDatagramTransport transport;
        try
        {
            transport = DatagramTransports.BindUdp(taken);
        }
        catch (SocketException)
        {
            // The UDP twin of the squatter's port is in use by another process: nothing to check.
            return;
        }

        await using (transport)
        {
            Assert.Equal(taken.Port, transport.LocalEndPoint.Port);
            Assert.False(((UdpTransport)transport).BulkListenerReserved);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task BindPortZero_ManyTransports_EveryOneHasItsTcpTwin()
    {
        var transports = new List<UdpTransport>();
        try
        {
            for (int i = 0; i < 64; i++)
            {
                transports.Add((UdpTransport)DatagramTransports.BindUdp(AnyLoopback));
            }

            Assert.All(transports, t => Assert.True(t.BulkListenerReserved, $"port {t.LocalEndPoint.Port} has no TCP twin"));
        }
        finally
        {
            foreach (UdpTransport transport in transports)
            {
                await transport.DisposeAsync();
            }
        }
    }
}
