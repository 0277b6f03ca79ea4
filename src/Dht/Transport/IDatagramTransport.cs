using System.Net;

namespace Zhtp.Storage.Dht;

/// <summary>
/// Called for every datagram that arrives. The span is only valid during the call (the buffer is
/// pooled): copy what must outlive it. Must not throw; the transport swallows and counts anything that does.
/// </summary>
public delegate void DatagramReceiver(ReadOnlySpan<byte> datagram, IPEndPoint from);

/// <summary>
/// An unreliable datagram transport: real UDP sockets (<see cref="DatagramTransports.BindUdp"/>) or an
/// in-memory network (<see cref="InMemoryNetwork.CreateTransport"/>). Sends are fire-and-forget:
/// loss is expected and handled by the RPC layer's timeouts and retries.
/// </summary>
public interface IDatagramTransport : IAsyncDisposable
{
    /// <summary>The endpoint other nodes send to.</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>Starts delivering received datagrams to <paramref name="receiver"/>. Call once.</summary>
    void Start(DatagramReceiver receiver);

    /// <summary>Sends one datagram. Never throws for network errors (they count as loss); throws <see cref="ObjectDisposedException"/> after disposal.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> datagram, IPEndPoint recipient, CancellationToken cancellationToken = default);
}
