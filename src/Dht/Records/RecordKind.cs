namespace Zhtp.Storage.Dht;

/// <summary>The two kinds of DHT record.</summary>
public enum RecordKind : byte
{
    /// <summary>Content-addressed: the key is BLAKE3(value); the value can never change.</summary>
    Immutable = 1,

    /// <summary>Signed by an owner key: key = BLAKE3(owner public key || name); a higher sequence number replaces a lower one.</summary>
    Mutable = 2,

    /// <summary>
    /// Content-addressed like <see cref="Immutable"/>, but placed on chosen holders by
    /// <see cref="IDhtNode.StoreAtAsync"/>: holders keep it until its TTL runs out unless renewed
    /// (<see cref="IDhtNode.RenewAtAsync"/>), and never re-replicate it to other nodes. Erasure-coded
    /// shards are placed records, so each lives where the content manager put it.
    /// </summary>
    Placed = 3,
}
