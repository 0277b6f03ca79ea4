using System.Net;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht;

/// <summary>
/// A DHT node as other nodes know it: its id and the UDP endpoint it answers on. Immutable.
/// </summary>
/// <param name="Id">The node id (BLAKE3 of the node's public key; checked on every message it sends).</param>
/// <param name="EndPoint">The UDP endpoint of the node's RPC socket.</param>
public sealed record Contact(NodeId Id, IPEndPoint EndPoint)
{
    /// <summary>The id and endpoint, e.g. <c>1a2b…@127.0.0.1:4000</c>.</summary>
    public override string ToString() => $"{Id.ToString()[..12]}…@{EndPoint}";
}
