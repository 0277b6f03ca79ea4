using System.Net;
using Zhtp.Storage.Dht.Bulk;

namespace Zhtp.Storage.Dht.Transport;

/// <summary>The bulk channel of an in-memory node: frames are handed to the target node's handler directly.</summary>
internal sealed class InMemoryBulkChannel(InMemoryNetwork network, InMemoryTransport owner, int maxFrame) : IBulkChannel
{
    public async Task<byte[]?> ExchangeAsync(IPEndPoint to, ReadOnlyMemory<byte> frame, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (frame.Length > maxFrame)
        {
            return null;
        }

        try
        {
            return await network.ExchangeAsync(owner, to, frame, cancellationToken).WaitAsync(timeout, network.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
