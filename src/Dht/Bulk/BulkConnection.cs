using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace Zhtp.Storage.Dht.Bulk;

/// <summary>One client TCP connection of the bulk channel with its pipe reader and its stream.</summary>
internal sealed class BulkConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private BulkConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        Reader = PipeReader.Create(_stream);

    }

    public PipeReader Reader { get; }

    /// <summary>The connection's stream, which frames are written to directly (a frame is already one buffer: a pipe writer would only copy it).</summary>
    public Stream Stream => _stream;

    /// <summary>When it was last returned to the pool (Environment.TickCount64).</summary>
    public long IdleSince { get; set; }

    public static async Task<BulkConnection> ConnectAsync(IPEndPoint to, CancellationToken cancellationToken)
    {
        var socket = new Socket(to.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(to, cancellationToken).ConfigureAwait(false);
            return new BulkConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Closes the socket; whatever the pipes still buffer is dropped (a connection is only closed after a failed or abandoned exchange, or when the pool is full).</summary>
    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
        try
        {
            await Reader.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is ObjectDisposedException or IOException or System.Net.Sockets.SocketException)
        {
            // The socket is already closed: nothing left to flush.
        }
    }
}
