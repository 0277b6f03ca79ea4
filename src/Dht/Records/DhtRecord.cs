using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht;

/// <summary>
/// A record held by the DHT. Immutable records carry only key and value; mutable records also the
/// owner's public key and algorithm, a name, a sequence number and the owner's signature over
/// <c>"zhtp-record-v1" || key || sequence (8 bytes big-endian) || value</c>.
/// </summary>
public sealed record DhtRecord
{
    /// <summary>Where the record lives in the key space.</summary>
    public required DhtKey Key { get; init; }

    /// <summary>Immutable or mutable.</summary>
    public required RecordKind Kind { get; init; }

    /// <summary>The value bytes (owned by the record; do not mutate the array behind it).</summary>
    public required ReadOnlyMemory<byte> Value { get; init; }

    /// <summary>Mutable records: the owner's public key; empty for immutable records.</summary>
    public ReadOnlyMemory<byte> Owner { get; init; }

    /// <summary>Mutable records: the owner's signature algorithm id (see <see cref="INodeSigner.Algorithm"/>).</summary>
    public byte OwnerAlgorithm { get; init; }

    /// <summary>Mutable records: the name that, with the owner key, derives the key.</summary>
    public string Name { get; init; } = "";

    /// <summary>Mutable records: the version; higher replaces lower. 0 for immutable records.</summary>
    public ulong Sequence { get; init; }

    /// <summary>Mutable records: the owner's signature; empty for immutable records.</summary>
    public ReadOnlyMemory<byte> Signature { get; init; }

    /// <summary>When holders drop the record unless it is republished.</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Local bookkeeping, never sent: true on the node that published the record (it republishes it).</summary>
    public bool PublishedLocally { get; init; }

    /// <summary>Bytes charged against the storage quota: value, owner key, signature and name.</summary>
    public long StorageSize => Value.Length + Owner.Length + Signature.Length + System.Text.Encoding.UTF8.GetByteCount(Name);
}
