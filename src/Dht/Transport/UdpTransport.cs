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
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private long _socketErrors;
    private long _receiverFaults;

    public UdpTransport(IPEndPoint bind)
    {
        ArgumentNullException.ThrowIfNull(bind);
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (bind.Address.Equals(IPAddress.IPv6Any))
        {
            _socket.DualMode = true;
        }

        if (OperatingSystem.IsWindows())
        {
            _socket.IOControl(SioUdpConnReset, [0, 0, 0, 0], null);
        }

        _socket.ReceiveBufferSize = 4 * 1024 * 1024;
        _socket.SendBufferSize = 4 * 1024 * 1024;
        _socket.Bind(bind);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Socket errors survived by the receive loop and by sends.</summary>
    public long SocketErrors => Interlocked.Read(ref _socketErrors);

    /// <summary>Exceptions thrown by the receiver (which must not throw) and swallowed.</summary>
    public long ReceiverFaults => Interlocked.Read(ref _receiverFaults);

    /// <summary>Opens the TCP bulk channel on the same address and port number.</summary>
    public Bulk.IBulkChannel? OpenBulkChannel(int maxFrame, Bulk.BulkFrameHandler handler, bool listen = true) => Bulk.TcpBulkChannel.TryListen(LocalEndPoint, maxFrame, handler, listen);

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
