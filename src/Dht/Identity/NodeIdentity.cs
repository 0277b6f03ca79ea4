using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Blake3;

namespace Zhtp.Storage.Dht;

/// <summary>Derives node ids and content keys with BLAKE3.</summary>
public static class NodeIdentity
{
    /// <summary>The node id of a public key: BLAKE3(publicKey).</summary>
    public static NodeId IdOf(ReadOnlySpan<byte> publicKey) => new(Hasher.Hash(publicKey).AsSpan());

    /// <summary>The key of an immutable, content-addressed record: BLAKE3(value).</summary>
    public static DhtKey ContentKey(ReadOnlySpan<byte> value) => new(Hasher.Hash(value).AsSpan());

    /// <summary>The key of a mutable record: BLAKE3(ownerPublicKey || UTF-8 name).</summary>
    public static DhtKey MutableKey(ReadOnlySpan<byte> ownerPublicKey, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        using Hasher hasher = Hasher.New();
        hasher.Update(ownerPublicKey);
        hasher.Update(System.Text.Encoding.UTF8.GetBytes(name));
        return new DhtKey(hasher.Finalize().AsSpan());
    }
}
