using System.Net;
using Zhtp.Storage.Dht.Bulk;
using Zhtp.Storage.Dht.Wire;

namespace Zhtp.Storage.Dht.Transport;

/// <summary>The bulk channel of an in-memory node: frames are handed to the target node's handler directly.</summary>
internal sealed class InMemoryBulkChannel(InMemoryNetwork network, InMemoryTransport owner, int maxFrame) : IBulkChannel
{
    public async Task<PooledFrame?> ExchangeAsync(IPEndPoint to, ReadOnlyMemory<byte> frame, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (frame.Length > maxFrame)
        {
            return null;
        }

        try
        {
            byte[]? reply = await network.ExchangeAsync(owner, to, frame, cancellationToken).WaitAsync(timeout, network.TimeProvider, cancellationToken).ConfigureAwait(false);
            return reply is null ? null : PooledFrame.Of(reply);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
