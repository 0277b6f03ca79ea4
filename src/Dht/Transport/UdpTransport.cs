using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace Zhtp.Storage.Dht.Transport;

// Implementation notes
// One receive loop per socket into a pooled 64 KiB buffer (the largest UDP payload), handing the
// received span to the receiver synchronously. The loop survives every per-datagram error: on
// Windows an ICMP port-unreachable surfaces as ConnectionReset on the next receive (also
// disabled with SIO_UDP_CONNRESET), on Linux errors such as ECONNREFUSED can surface on sends or
// receives; all of these are counted and the loop continues. Only disposal ends it.
// Dual stack: bound to [::] the socket also takes IPv4 (DualMode). IPv4 peers then arrive as
// IPv4-mapped IPv6 addresses (::ffff:a.b.c.d); they are handed up as plain IPv4 endpoints, so a
// contact keeps its family and the same peer is one contact whichever socket it reached.

/// <summary>A UDP socket as an <see cref="IDatagramTransport"/>.</summary>
internal sealed class UdpTransport : IDatagramTransport, Bulk.IBulkCapable
{
    private const int SioUdpConnReset = -1744830452;

    /// <summary>Ports tried when binding port 0 before one whose TCP twin is free is given up on (the node then only sends bulk frames).</summary>
    private const int MaxPortAttempts = 32;
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private long _socketErrors;
    private long _receiverFaults;

    /// <summary>The TCP listener reserved at the UDP socket's port number, until the bulk channel takes it; null when that port was taken.</summary>
    private TcpListener? _reservedListener;

    public UdpTransport(IPEndPoint bind)
        : this(bind, Bulk.TcpBulkChannel.TryReserve)
    {
    }

    /// <param name="bind">The address and port to bind (port 0: any port whose TCP twin is free).</param>
    /// <param name="reserveTcp">Reserves the TCP twin of a bound port, or returns null when it is taken (tests pass a fake).</param>
    internal UdpTransport(IPEndPoint bind, Func<IPEndPoint, TcpListener?> reserveTcp)
    {
        ArgumentNullException.ThrowIfNull(bind);
        ArgumentNullException.ThrowIfNull(reserveTcp);

        // The bulk channel listens on TCP at the same port number. With port 0 the system picks a UDP
        // port whose TCP twin may be taken (an outgoing connection's ephemeral port, another process's
        // listener): such a node answered lookups but refused every shard. So a port is taken only
        // when its TCP twin can be reserved too; the listener is handed to the bulk channel.
        for (int attempt = 0; ; attempt++)
        {
            Socket socket = Open(bind);
            var local = (IPEndPoint)socket.LocalEndPoint!;
            _reservedListener = reserveTcp(local);
            if (_reservedListener is not null || bind.Port != 0 || attempt == MaxPortAttempts - 1)
            {
                _socket = socket;
                LocalEndPoint = local;
                break;
            }

            socket.Dispose();
        }
    }

    private static Socket Open(IPEndPoint bind)
    {
        var socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (bind.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            if (OperatingSystem.IsWindows())
            {
                socket.IOControl(SioUdpConnReset, [0, 0, 0, 0], null);
            }

            socket.ReceiveBufferSize = 4 * 1024 * 1024;
            socket.SendBufferSize = 4 * 1024 * 1024;
            socket.Bind(bind);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Socket errors survived by the receive loop and by sends.</summary>
    public long SocketErrors => Interlocked.Read(ref _socketErrors);

    /// <summary>Exceptions thrown by the receiver (which must not throw) and swallowed.</summary>
    public long ReceiverFaults => Interlocked.Read(ref _receiverFaults);

    /// <summary>True when this transport's TCP port twin is reserved or listening, so the node can serve bulk frames.</summary>
    public bool BulkListenerReserved => _reservedListener is not null;

    /// <summary>Opens the TCP bulk channel on the same address and port number (with the listener reserved at bind time, if any).</summary>
    public Bulk.IBulkChannel? OpenBulkChannel(int maxFrame, Bulk.BulkFrameHandler handler, bool listen = true)
    {
        TcpListener? reserved = Interlocked.Exchange(ref _reservedListener, null);
        if (!listen)
        {
            reserved?.Dispose();
            reserved = null;
        }

        return Bulk.TcpBulkChannel.Listen(reserved, maxFrame, handler);
    }

    public void Start(DatagramReceiver receiver)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        if (_loop is not null)
        {
            throw new InvalidOperationException("This transport is already started; Start may be called once.");
        }

        _loop = Task.Factory.StartNew(() => ReceiveLoopAsync(receiver), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <remarks>
    /// Sends synchronously: a UDP send only copies into the socket buffer (4 MiB), so it completes
    /// at once and skips the asynchronous socket machinery; when the buffer is full the datagram is
    /// lost like any other.
    /// </remarks>
    public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, IPEndPoint recipient, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
        try
        {
            _socket.SendTo(datagram.Span, SocketFlags.None, recipient);
        }
        catch (SocketException)
        {
            Interlocked.Increment(ref _socketErrors);
        }
        catch (ObjectDisposedException) when (_stop.IsCancellationRequested)
        {
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        Interlocked.Exchange(ref _reservedListener, null)?.Dispose();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync(DatagramReceiver receiver)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(65536);
        EndPoint any = LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                SocketReceiveFromResult result;
                try
                {
                    result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    Interlocked.Increment(ref _socketErrors);
                    continue;
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                try
                {
                    receiver(buffer.AsSpan(0, result.ReceivedBytes), Endpoints.Unmapped((IPEndPoint)result.RemoteEndPoint));
                }
#pragma warning disable CA1031 // The receive loop must never die on a receiver fault.
                catch (Exception)
#pragma warning restore CA1031
                {
                    Interlocked.Increment(ref _receiverFaults);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
