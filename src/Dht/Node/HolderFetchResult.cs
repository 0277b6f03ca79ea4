namespace Zhtp.Storage.Dht;

/// <summary>The outcome of asking one holder for one record (<see cref="IDhtNode.FetchFromAsync"/>).</summary>
/// <param name="Record">The verified record, or null.</param>
/// <param name="Error">
/// <see cref="DhtErrorCode.None"/> with a record; <see cref="DhtErrorCode.NotFound"/> when the holder
/// answered without it; <see cref="DhtErrorCode.InvalidRecord"/> when what it sent failed verification
/// (a corrupted or forged value: the key is not BLAKE3 of it); <see cref="DhtErrorCode.Timeout"/> when it did not answer.
/// </param>
/// <remarks>
/// A record that came over the bulk channel sits in a pooled buffer. <see cref="Dispose"/> hands that
/// buffer back for reuse once the caller has finished with <see cref="DhtRecord.Value"/> (copied or
/// decoded it); the value must not be read afterwards. Not disposing is safe: the buffer is then
/// collected like any array.
/// </remarks>
public sealed record HolderFetchResult(DhtRecord? Record, DhtErrorCode Error) : IDisposable
{
    /// <summary>The pooled buffer <see cref="Record"/>'s value lives in, if any.</summary>
    internal IDisposable? Buffer { get; init; }

    /// <summary>Returns the buffer holding the record's value to its pool; do not read <see cref="Record"/>'s value afterwards.</summary>
    public void Dispose() => Buffer?.Dispose();

    /// <summary>True when the holder returned a verified record.</summary>
    public bool Found => Record is not null;
}
