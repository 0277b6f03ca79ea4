using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht;

/// <summary>
/// A record store that can extend a held record's expiry by its key, without reading or rewriting the value. A holder
/// renews shards this way (<see cref="IDhtNode.RenewAtAsync"/>): before, each renewal read the whole record and put it
/// back, so every maintenance pass of an owner read every shard of its content on every holder.
/// </summary>
internal interface IRecordExpiry
{
    /// <summary>
    /// True when a live content-addressed (immutable or placed) record is held under <paramref name="key"/>; its expiry
    /// becomes the later of its own and <paramref name="expiresAt"/> (never earlier). False when none is held, it is
    /// mutable, or it expired at or before <paramref name="now"/>. Durable when the task completes.
    /// </summary>
    ValueTask<bool> ExtendExpiryAsync(DhtKey key, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default);
}
