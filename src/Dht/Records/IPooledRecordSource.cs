using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Records;

/// <summary>
/// A record store that can hand out a record whose value sits in a pooled buffer, so a node answering a
/// bulk FindValue encodes the value into its reply without allocating an array per shard.
/// </summary>
internal interface IPooledRecordSource
{
    /// <summary>The record under <paramref name="key"/> or null; dispose <paramref name="buffer"/> (when set) once the value is no longer read.</summary>
    DhtRecord? GetPooled(DhtKey key, out IDisposable? buffer);
}
