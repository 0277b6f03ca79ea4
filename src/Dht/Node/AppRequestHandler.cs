namespace Zhtp.Storage.Dht;

/// <summary>
/// Answers application requests of one protocol name (e.g. "zhtp/audit/1"): returns the reply
/// payload (at most <see cref="IDhtNode.MaxPayloadSize"/> bytes for a request that came as a datagram, 65,535 over the bulk channel). Throwing <see cref="DhtRequestRejectedException"/>
/// replies with <see cref="DhtErrorCode.Rejected"/> and its message; other exceptions reply <see cref="DhtErrorCode.Internal"/>.
/// </summary>
/// <param name="sender">The requesting node, as proven by the message signature.</param>
/// <param name="payload">The request bytes (valid during the call and after: a private copy).</param>
/// <param name="cancellationToken">Cancelled when the node stops.</param>
public delegate ValueTask<ReadOnlyMemory<byte>> AppRequestHandler(Contact sender, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);
