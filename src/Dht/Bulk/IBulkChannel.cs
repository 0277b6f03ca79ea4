using System.Net;
using Zhtp.Storage.Dht.Wire;

namespace Zhtp.Storage.Dht.Bulk;

/// <summary>
/// Answers one bulk request frame from <paramref name="from"/>; returns the reply frame (the channel
/// disposes it once sent), or null to close the connection. The channel disposes the request frame
/// when the handler's task completes, so the handler must not keep slices of it.
/// </summary>
internal delegate Task<PooledFrame?> BulkFrameHandler(PooledFrame frame, IPEndPoint from, CancellationToken cancellationToken);

/// <summary>
/// A side channel for messages larger than a datagram: one request frame, one reply frame. The
/// frames are the same signed envelopes as datagrams, only larger (up to the channel's frame limit).
/// </summary>
internal interface IBulkChannel : IAsyncDisposable
{
    /// <summary>Sends <paramref name="frame"/> to the node at <paramref name="to"/> (its datagram endpoint) and returns its reply frame (pooled: dispose it when done, or drop it), or null on timeout, refusal or network error.</summary>
    Task<PooledFrame?> ExchangeAsync(IPEndPoint to, ReadOnlyMemory<byte> frame, TimeSpan timeout, CancellationToken cancellationToken);
}
