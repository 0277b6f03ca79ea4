using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Zhtp.Storage.Dht.Bulk;
using Zhtp.Storage.Dht.Wire;

namespace Zhtp.Storage.Dht.Tests.Bulk;

public sealed class TcpBulkChannelTests
{
    private static readonly IPEndPoint AnyLoopback = new(IPAddress.Loopback, 0);

    [Fact(Timeout = 20_000)]
    public async Task ExchangeAsync_Frame_HandlerReplyComesBack()
    {
        await using TcpBulkChannel server = TcpBulkChannel.TryListen(AnyLoopback, 1 << 20, (frame, _, _) => Task.FromResult<PooledFrame?>(PooledFrame.Of(frame.Span.ToArray().Reverse().ToArray())))!;
        await using TcpBulkChannel client = TcpBulkChannel.TryListen(AnyLoopback, 1 << 20, (_, _, _) => Task.FromResult<PooledFrame?>(null), listen: false);
        byte[] frame = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray();

        byte[]? reply = await BytesAsync(client.ExchangeAsync(server.LocalEndPoint!, frame, TimeSpan.FromSeconds(10), CancellationToken.None));

        Assert.Equal(frame.Reverse().ToArray(), reply);
        Assert.Null(client.LocalEndPoint);
    }

    [Fact(Timeout = 20_000)]
    public async Task ExchangeAsync_Sequential_ReusesOneConnection_AndDropsOneTheServerClosed()
    {
        var ports = new System.Collections.Concurrent.ConcurrentBag<int>();
        TcpBulkChannel server = TcpBulkChannel.TryListen(AnyLoopback, 1 << 20, (frame, from, _) =>
        {
            ports.Add(from.Port);
            return Echo(frame);
        })!;
        IPEndPoint endPoint = server.LocalEndPoint!;
        await using TcpBulkChannel client = TcpBulkChannel.TryListen(AnyLoopback, 1 << 20, (_, _, _) => Task.FromResult<PooledFrame?>(null), listen: false);
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(new byte[] { (byte)i }, await BytesAsync(client.ExchangeAsync(endPoint, new byte[] { (byte)i }, TimeSpan.FromSeconds(10), CancellationToken.None)));
        }

        // The server goes away and comes back on the same port: the pooled connection is dead. That
        // exchange fails (the caller retries under a fresh request id); the next one connects afresh.
        await server.DisposeAsync();
        await using TcpBulkChannel again = TcpBulkChannel.TryListen(endPoint, 1 << 20, (frame, _, _) => Echo(frame))!;
        byte[]? first = await BytesAsync(client.ExchangeAsync(endPoint, new byte[] { 41 }, TimeSpan.FromSeconds(10), CancellationToken.None));
        byte[]? reply = first ?? await BytesAsync(client.ExchangeAsync(endPoint, new byte[] { 42 }, TimeSpan.FromSeconds(10), CancellationToken.None));

        Assert.Single(ports.Distinct());
        Assert.Equal(20, ports.Count);
        Assert.NotNull(again.LocalEndPoint);
        Assert.Equal(first is null ? new byte[] { 42 } : new byte[] { 41 }, reply);
    }

    [Fact(Timeout = 20_000)]
    public async Task TryListen_PortTaken_GivesAChannelThatStillSends()
    {
        await using TcpBulkChannel server = TcpBulkChannel.TryListen(AnyLoopback, 1 << 20, (frame, _, _) => Echo(frame))!;
        await using TcpBulkChannel taken = TcpBulkChannel.TryListen(server.LocalEndPoint!, 1 << 20, (_, _, _) => Task.FromResult<PooledFrame?>(null));

        byte[]? reply = await BytesAsync(taken.ExchangeAsync(server.LocalEndPoint!, new byte[] { 1, 2, 3 }, TimeSpan.FromSeconds(10), CancellationToken.None));

        Assert.Null(taken.LocalEndPoint);
        Assert.Equal([1, 2, 3], reply);
    }

    [Fact(Timeout = 20_000)]
    public async Task Serve_FrameAboveLimit_ConnectionClosedWithoutCallingHandler()
    {
        int calls = 0;
        await using TcpBulkChannel server = TcpBulkChannel.TryListen(AnyLoopback, 1000, (frame, _, _) =>
        {
            Interlocked.Increment(ref calls);
            return Echo(frame);
        })!;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.LocalEndPoint!);
        byte[] header = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, 1_000_000);
        await socket.SendAsync(header);

        int read = await socket.ReceiveAsync(new byte[16]);

        Assert.Equal(0, read);
        Assert.Equal(0, calls);
    }

    [Fact(Timeout = 20_000)]
    public async Task Serve_RequestFramesAreReadIntoPooledArrays()
    {
        // The handler sees each request in an array rented from the shared pool (power-of-two sizes, longer than
        // the frame), not in an array allocated for it.
        var arrays = new System.Collections.Concurrent.ConcurrentQueue<byte[]>();
        await using TcpBulkChannel server = TcpBulkChannel.TryListen(AnyLoopback, 1 << 20, (frame, _, _) =>
        {
            arrays.Enqueue(frame.Array);
            return Echo(frame);
        })!;
        await using TcpBulkChannel client = TcpBulkChannel.TryListen(AnyLoopback, 1 << 20, (_, _, _) => Task.FromResult<PooledFrame?>(null), listen: false);
        byte[] payload = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7)).ToArray();

        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(payload, await BytesAsync(client.ExchangeAsync(server.LocalEndPoint!, payload, TimeSpan.FromSeconds(10), CancellationToken.None)));
        }

        Assert.Equal(3, arrays.Count);
        Assert.All(arrays, a => Assert.Equal(1 << 18, a.Length));
    }

    [Fact]
    public async Task ReadFrameAsync_TornFrame_ThrowsInvalidData()
    {
        var pipe = new Pipe();
        byte[] bytes = [0, 0, 0, 10, 1, 2, 3];
        await pipe.Writer.WriteAsync(bytes);
        await pipe.Writer.CompleteAsync();

        await Assert.ThrowsAsync<InvalidDataException>(() => TcpBulkChannel.ReadFrameAsync(pipe.Reader, 100, CancellationToken.None));
    }

    [Fact]
    public async Task ReadFrameAsync_CleanEnd_ReturnsNull()
    {
        var pipe = new Pipe();
        await pipe.Writer.CompleteAsync();

        Assert.Null(await TcpBulkChannel.ReadFrameAsync(pipe.Reader, 100, CancellationToken.None));
    }

    private static Task<PooledFrame?> Echo(PooledFrame frame) => Task.FromResult<PooledFrame?>(PooledFrame.Of(frame.Span.ToArray()));

    private static async Task<byte[]?> BytesAsync(Task<PooledFrame?> exchange)
    {
        using PooledFrame? reply = await exchange;
        return reply?.Span.ToArray();
    }
}
