using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht;

/// <summary>Derives record keys with BLAKE3 (node ids: <see cref="NodeId.FromPublicKey"/>).</summary>
public static class RecordKeys
{
    /// <summary>The key of an immutable, content-addressed record: BLAKE3(value).</summary>
    public static DhtKey ContentKey(ReadOnlySpan<byte> value) => new(Blake3Hashing.Compute(value));

    /// <summary>The key of a mutable record: BLAKE3(ownerPublicKey || UTF-8 name).</summary>
    public static DhtKey MutableKey(ReadOnlySpan<byte> ownerPublicKey, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new DhtKey(Blake3Hashing.Compute(ownerPublicKey, System.Text.Encoding.UTF8.GetBytes(name)));
    }
}
