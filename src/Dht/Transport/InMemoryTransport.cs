using System.Net;

namespace Zhtp.Storage.Dht.Transport;

/// <summary>One node's endpoint on an <see cref="InMemoryNetwork"/>.</summary>
internal sealed class InMemoryTransport : IDatagramTransport, Bulk.IBulkCapable
{
    private readonly InMemoryNetwork _network;
    private DatagramReceiver? _receiver;
    private volatile bool _disposed;

    public InMemoryTransport(InMemoryNetwork network, IPEndPoint endPoint)
    {
        _network = network;
        LocalEndPoint = endPoint;
    }

    public IPEndPoint LocalEndPoint { get; }

    public volatile bool Dead;

    public long ReceiverFaults;

    /// <summary>The bulk handler of this node, once its channel is open.</summary>
    public Bulk.BulkFrameHandler? BulkHandler { get; private set; }

    public Bulk.IBulkChannel? OpenBulkChannel(int maxFrame, Bulk.BulkFrameHandler handler, bool listen = true)
    {
        BulkHandler = listen ? handler : null;
        return new InMemoryBulkChannel(_network, this, maxFrame);
    }

    public void Start(DatagramReceiver receiver)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        if (Interlocked.CompareExchange(ref _receiver, receiver, null) is not null)
        {
            throw new InvalidOperationException("This transport is already started; Start may be called once.");
        }
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, IPEndPoint recipient, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _network.Send(this, datagram, recipient);
        return ValueTask.CompletedTask;
    }

    public void Receive(byte[] datagram, IPEndPoint from)
    {
        if (_disposed || _receiver is not { } receiver)
        {
            return;
        }

        try
        {
            receiver(datagram, from);
        }
#pragma warning disable CA1031 // A faulty receiver must not take the network's delivery thread down.
        catch (Exception)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref ReceiverFaults);
        }
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        _network.Remove(LocalEndPoint);
        return ValueTask.CompletedTask;
    }
}
