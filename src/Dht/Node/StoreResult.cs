using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht;

/// <summary>The outcome of storing a record on the k closest nodes to its key.</summary>
/// <param name="Key">The record key.</param>
/// <param name="StoredOn">Nodes that acknowledged the store (the local node included when it is among the closest).</param>
/// <param name="Refused">Nodes that refused, with the error code they replied.</param>
public sealed record StoreResult(DhtKey Key, IReadOnlyList<Contact> StoredOn, IReadOnlyList<(Contact Node, DhtErrorCode Error)> Refused);
