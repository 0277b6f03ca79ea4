namespace Zhtp.Storage.Dht;

/// <summary>The outcome of asking one holder for one record (<see cref="IDhtNode.FetchFromAsync"/>).</summary>
/// <param name="Record">The verified record, or null.</param>
/// <param name="Error">
/// <see cref="DhtErrorCode.None"/> with a record; <see cref="DhtErrorCode.NotFound"/> when the holder
/// answered without it; <see cref="DhtErrorCode.InvalidRecord"/> when what it sent failed verification
/// (a corrupted or forged value: the key is not BLAKE3 of it); <see cref="DhtErrorCode.Timeout"/> when it did not answer.
/// </param>
public sealed record HolderFetchResult(DhtRecord? Record, DhtErrorCode Error)
{
    /// <summary>True when the holder returned a verified record.</summary>
    public bool Found => Record is not null;
}
