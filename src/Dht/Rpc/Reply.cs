using Zhtp.Storage.Dht.Wire;

namespace Zhtp.Storage.Dht.Rpc;

/// <summary>A verified reply: its type, its body and who sent it.</summary>
/// <remarks>
/// A bulk reply's body is a slice of <see cref="Frame"/>, a pooled array: whoever ends up holding the
/// reply's data (FetchFromAsync hands it to the <see cref="HolderFetchResult"/>) may dispose it to reuse
/// the array; a reply that is simply dropped leaves the array to the garbage collector.
/// </remarks>
internal sealed record Reply(MessageType Type, ReadOnlyMemory<byte> Body, Contact From)
{
    /// <summary>The pooled frame <see cref="Body"/> is a slice of, or null for a datagram reply.</summary>
    public PooledFrame? Frame { get; init; }

    /// <summary>
    /// A content-bound Value (bulk): true when its key = BLAKE3(value) was checked on receipt (validation need not
    /// hash again), false when that check failed (the record must be refused); null for any other reply.
    /// </summary>
    public bool? ContentKeyMatches { get; init; }
}
