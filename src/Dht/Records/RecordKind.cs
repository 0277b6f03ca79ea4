namespace Zhtp.Storage.Dht;

/// <summary>The two kinds of DHT record.</summary>
public enum RecordKind : byte
{
    /// <summary>Content-addressed: the key is BLAKE3(value); the value can never change.</summary>
    Immutable = 1,

    /// <summary>Signed by an owner key: key = BLAKE3(owner public key || name); a higher sequence number replaces a lower one.</summary>
    Mutable = 2,
}
