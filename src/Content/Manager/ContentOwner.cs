using Zhtp.Storage.Content.Manifests;
using Zhtp.Storage.Content.Security;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Content.Manager;

/// <summary>
/// Who writes through this manager: <paramref name="Records"/> signs head records (its public key is
/// the manifest's owner key and derives content ids), <paramref name="Manifests"/> signs manifests, and
/// <paramref name="Identity"/> is the owner's encoded public identity (empty for a bare node key).
/// </summary>
internal sealed record ContentOwner(INodeSigner Records, IManifestSigner Manifests, ReadOnlyMemory<byte> Identity)
{
    public ReadOnlyMemory<byte> PublicKey => Records.PublicKey;

    public static ContentOwner FromNodeKey(INodeSigner signer) => new(signer, ManifestSigners.From(signer), ReadOnlyMemory<byte>.Empty);

    /// <summary>A user identity: head records signed with its classical key (ML-DSA-65 when it has none), manifests with every key it has.</summary>
    public static ContentOwner FromIdentity(ZhtpIdentity identity) =>
        new(IdentitySigners.ForRecords(identity), IdentitySigners.ForManifests(identity), identity.Public.Encode());
}
