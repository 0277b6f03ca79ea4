using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Blake3;

namespace Zhtp.Storage.Economic;

/// <summary>Node ids of economic parties: BLAKE3 of the public key, as for DHT nodes.</summary>
public static class PartyIdentity
{
    /// <summary>The node id of the holder of <paramref name="publicKey"/>.</summary>
    public static NodeId NodeIdOf(ReadOnlySpan<byte> publicKey) => new(Hasher.Hash(publicKey).AsSpan());

    /// <summary>The node id of <paramref name="signer"/>.</summary>
    public static NodeId NodeIdOf(IEconomicSigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        return NodeIdOf(signer.PublicKey.Span);
    }
}
