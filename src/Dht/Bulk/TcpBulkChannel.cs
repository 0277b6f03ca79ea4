using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Zhtp.Storage.Dht.Wire;

namespace Zhtp.Storage.Dht.Bulk;

// Implementation notes
// TCP on the same address and port number as the node's UDP socket. Framing with
// System.IO.Pipelines: a frame is a 4-byte big-endian length followed by that many bytes (a
// signed envelope, docs/protocol.md "Bulk transfer"). Memory is bounded: a frame above maxFrame
// closes the connection before anything is buffered, at most MaxConnections connections are
// served at once (more are closed at accept), and each connection buffers at most one frame.
// Authentication is the envelope's: every request frame is signed by the sender's node key with a
// fresh request id and timestamp (replay-checked), and the reply is signed by the receiver and
// must come from the node id the client asked for, so both ends are authenticated per exchange.
// Clients keep up to BulkConnectionPool.PerEndPoint idle connections per peer and reuse them (no
// connect per shard); servers close a connection idle for ServerIdleTimeout.

/// <summary>The TCP bulk channel of a UDP node.</summary>
internal sealed class TcpBulkChannel : IBulkChannel
{
    /// <summary>Connections served concurrently.</summary>
    public const int MaxConnections = 64;

    /// <summary>A served connection that sends no frame for this long is closed (clients keep idle connections for reuse).</summary>
    public static readonly TimeSpan ServerIdleTimeout = TimeSpan.FromSeconds(30);

    private readonly TcpListener? _listener;
    private readonly int _maxFrame;
    private readonly BulkFrameHandler _handler;
    private readonly SemaphoreSlim _connections = new(MaxConnections, MaxConnections);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly BulkConnectionPool _idle = new();

    private TcpBulkChannel(TcpListener? listener, int maxFrame, BulkFrameHandler handler)
    {
        _listener = listener;
        _maxFrame = maxFrame;
        _handler = handler;
        _acceptLoop = listener is null ? Task.CompletedTask : AcceptLoopAsync();
    }

    /// <summary>The endpoint the listener is bound to; null for a channel that only sends.</summary>
    public IPEndPoint? LocalEndPoint => (IPEndPoint?)_listener?.LocalEndpoint;

    /// <summary>
    /// Binds and starts a TCP listener on <paramref name="endPoint"/> (the UDP socket's address and port),
    /// or returns null when that TCP port is taken by another socket.
    /// </summary>
    public static TcpListener? TryReserve(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var listener = new TcpListener(endPoint);
        try
        {
            if (endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                listener.Server.DualMode = true;
            }

            listener.Start(MaxConnections * 4);
            return listener;
        }
        catch (SocketException)
        {
            listener.Dispose();
            return null;
        }
    }

    /// <summary>
    /// A channel serving frames on <paramref name="listener"/> (from <see cref="TryReserve"/>); with null it
    /// only sends (a client, or a node whose TCP port number was taken: it can still store and fetch large
    /// values on other nodes, and the node logs a warning).
    /// </summary>
    public static TcpBulkChannel Listen(TcpListener? listener, int maxFrame, BulkFrameHandler handler) => new(listener, maxFrame, handler);

    /// <summary>Reserves <paramref name="endPoint"/> (when <paramref name="listen"/>) and serves on it; a channel that only sends when the port is taken.</summary>
    public static TcpBulkChannel TryListen(IPEndPoint endPoint, int maxFrame, BulkFrameHandler handler, bool listen = true) =>
        Listen(listen ? TryReserve(endPoint) : null, maxFrame, handler);

    public async Task<PooledFrame?> ExchangeAsync(IPEndPoint to, ReadOnlyMemory<byte> frame, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        deadline.CancelAfter(timeout);

        // One attempt: a retry needs a fresh request id (the peer may have received this frame), so
        // the caller retries (KademliaNode.BulkRequestAsync).
        BulkConnection? connection = _idle.Take(to);
        try
        {
            connection ??= await BulkConnection.ConnectAsync(to, deadline.Token).ConfigureAwait(false);
            await WriteFrameAsync(connection.Stream, frame, deadline.Token).ConfigureAwait(false);
            PooledFrame? reply = await ReadFrameAsync(connection.Reader, _maxFrame, deadline.Token).ConfigureAwait(false);
            if (reply is not null)
            {
                _idle.Return(to, connection);
                connection = null;
            }

            return reply;
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or InvalidDataException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return null;
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _idle.DisposeAsync().ConfigureAwait(false);
        _listener?.Stop();
        await _acceptLoop.ConfigureAwait(false);
        _stop.Dispose();
        _connections.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            if (!_connections.Wait(0))
            {
                socket.Dispose();
                continue;
            }

            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        try
        {
            using (socket)
            {
                socket.NoDelay = true;
                IPEndPoint from = Transport.Endpoints.Unmapped((IPEndPoint)socket.RemoteEndPoint!);
                await using var stream = new NetworkStream(socket, ownsSocket: false);
                PipeReader reader = PipeReader.Create(stream);
                while (!_stop.IsCancellationRequested)
                {
                    PooledFrame? request;
                    using (var idle = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
                    {
                        idle.CancelAfter(ServerIdleTimeout);
                        request = await ReadFrameAsync(reader, _maxFrame, idle.Token).ConfigureAwait(false);
                    }

                    if (request is null)
                    {
                        return;
                    }

                    PooledFrame? reply;
                    using (request)
                    {
                        reply = await _handler(request, from, _stop.Token).ConfigureAwait(false);
                    }

                    if (reply is null)
                    {
                        return;
                    }

                    using (reply)
                    {
                        await WriteFrameAsync(stream, reply.Memory, _stop.Token).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or InvalidDataException or ObjectDisposedException)
        {
        }
        finally
        {
            try
            {
                _connections.Release();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>
    /// Writes the 4-byte length and the frame to the socket's stream: a small frame in one write with its
    /// header, a large one straight from its buffer after the header (no intermediate copy).
    /// </summary>
    private static async Task WriteFrameAsync(Stream stream, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        const int CopyLimit = 16 * 1024;
        byte[] buffer = FramePool.Instance.Rent(4 + Math.Min(frame.Length, CopyLimit));
        try
        {
            BinaryPrimitives.WriteInt32BigEndian(buffer, frame.Length);
            if (frame.Length <= CopyLimit)
            {
                frame.Span.CopyTo(buffer.AsSpan(4));
                await stream.WriteAsync(buffer.AsMemory(0, 4 + frame.Length), cancellationToken).ConfigureAwait(false);
                return;
            }

            await stream.WriteAsync(buffer.AsMemory(0, 4), cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            FramePool.Instance.Return(buffer);
        }
    }

    /// <summary>
    /// Reads one frame into an array rented from the shared pool; null at a clean end of stream; throws
    /// <see cref="InvalidDataException"/> for a frame over <paramref name="maxFrame"/> or a torn one.
    /// </summary>
    internal static async Task<PooledFrame?> ReadFrameAsync(PipeReader reader, int maxFrame, CancellationToken cancellationToken)
    {
        ReadResult header = await reader.ReadAtLeastAsync(4, cancellationToken).ConfigureAwait(false);
        if (header.Buffer.Length < 4)
        {
            reader.AdvanceTo(header.Buffer.End);
            if (header.Buffer.Length == 0 && header.IsCompleted)
            {
                return null;
            }

            throw new InvalidDataException("The stream ended inside a frame header.");
        }

        Span<byte> lengthBytes = stackalloc byte[4];
        header.Buffer.Slice(0, 4).CopyTo(lengthBytes);
        int length = BinaryPrimitives.ReadInt32BigEndian(lengthBytes);
        if (length <= 0 || length > maxFrame)
        {
            throw new InvalidDataException($"A frame of {length} bytes is outside 1..{maxFrame}.");
        }

        reader.AdvanceTo(header.Buffer.GetPosition(4));
        ReadResult body = await reader.ReadAtLeastAsync(length, cancellationToken).ConfigureAwait(false);
        if (body.Buffer.Length < length)
        {
            reader.AdvanceTo(body.Buffer.End);
            throw new InvalidDataException("The stream ended inside a frame.");
        }

        byte[] frame = FramePool.Instance.Rent(length);
        body.Buffer.Slice(0, length).CopyTo(frame);
        reader.AdvanceTo(body.Buffer.GetPosition(length));
        return new PooledFrame(frame, length, rented: true);
    }
}
