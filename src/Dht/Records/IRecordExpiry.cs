using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht;

/// <summary>
/// A record store that can extend a held record's expiry by its key, without reading or rewriting the value. Both stores
/// of <see cref="RecordStores"/> implement it. A holder renews shards this way (<see cref="IDhtNode.RenewAtAsync"/>), and
/// a storage host keeps a contract's shards for its term this way; before, each of those read the whole record and put
/// it back.
/// </summary>
public interface IRecordExpiry
{
    /// <summary>
    /// True when a live content-addressed (immutable or placed) record is held under <paramref name="key"/>; its expiry
    /// becomes the later of its own and <paramref name="expiresAt"/> (never earlier). False when none is held, it is
    /// mutable, or it expired at or before <paramref name="now"/>. Durable when the task completes.
    /// </summary>
    ValueTask<bool> ExtendExpiryAsync(DhtKey key, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default);
}
