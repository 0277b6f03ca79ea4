using Zhtp.Storage.Content.Manifests;
using Zhtp.Storage.Content.Security;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Content.Manager;

internal sealed partial class ContentManager
{
    public async Task GrantAsync(ContentId id, PublicIdentity grantee, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grantee);
        ContentOwner owner = RequireIdentityOwner("grant access to");
        ResolvedHead head = await RequireLiveHeadAsync(id, cancellationToken).ConfigureAwait(false);
        RequireOwnerOf(head, owner, "grant access to");
        ResolvedVersion latest = await ResolveVersionAsync(head, null, needKey: true, cancellationToken).ConfigureAwait(false);
        Manifest manifest = latest.Manifest;
        RequireRestricted(manifest, "takes no grants");
        List<PublicIdentity> grantees = GranteesOf(manifest);
        if (grantee.Id == _options.Identity!.Id || grantees.Any(g => g.Id == grantee.Id))
        {
            return;
        }

        if (grantees.Count >= ManifestCodec.MaxGrantees)
        {
            throw new ContentException($"Content {id} already has {grantees.Count} grantees, the most a manifest holds; revoke one first.");
        }

        // The grant is a new manifest for the same version: the key table gains the grantee's entry and the
        // owner signs the whole body again. An entry added by anyone else breaks the owner's signature.
        WrappedKey entry = IdentityKeyTable.Wrap(grantee, latest.Key, new ContentKeyContext(id, manifest.Version), manifest.Encryption == EncryptionLevel.QuantumResistant);
        Manifest granted = manifest with
        {
            Grantees = [.. manifest.Grantees, grantee.Encode()],
            WrappedKeys = [.. manifest.WrappedKeys, entry],
        };
        DhtKey key = await PublishManifestAsync(granted, latest.Segments, owner, cancellationToken).ConfigureAwait(false);
        var versions = head.Head.Versions.Select(v => v.Version == manifest.Version ? v with { ManifestKey = key } : v).ToList();
        await _node.PutSignedAsync(owner.Records, head.Record.Name, head.Record.Sequence + 1, new HeadRecord(false, versions).Encode(), cancellationToken).ConfigureAwait(false);
    }

    public async Task<ContentReceipt> RevokeAsync(ContentId id, IdentityId reader, CancellationToken cancellationToken = default)
    {
        ContentOwner owner = RequireIdentityOwner("revoke access to");
        ResolvedHead head = await RequireLiveHeadAsync(id, cancellationToken).ConfigureAwait(false);
        RequireOwnerOf(head, owner, "revoke access to");
        ResolvedVersion latest = await ResolveVersionAsync(head, null, needKey: true, cancellationToken).ConfigureAwait(false);
        RequireRestricted(latest.Manifest, "has no grants to revoke");
        List<PublicIdentity> grantees = GranteesOf(latest.Manifest);
        if (!grantees.Any(g => g.Id == reader))
        {
            throw new ContentException($"Identity {reader} holds no grant on content {id} version {latest.Manifest.Version}; ListGrantsAsync shows who does.");
        }

        // A new version under a new content key, wrapped for everyone but the revoked reader. The old
        // versions keep their keys: what the reader could read before, it can still read.
        var options = new ContentUploadOptions { Metadata = latest.Metadata, Encryption = latest.Manifest.Encryption };
        await using var plain = new ContentReadStream(this, latest, NewFetcher(), Window);
        ulong version = latest.Manifest.Version + 1;
        return await StoreVersionAsync(id, head.Name, version, head.Record.Sequence + 1, head.Head.Versions, plain, options, latest.Metadata, grantees.Where(g => g.Id != reader).ToList(), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PublicIdentity>> ListGrantsAsync(ContentId id, CancellationToken cancellationToken = default)
    {
        ResolvedVersion latest = await ResolveVersionAsync(id, null, needKey: false, cancellationToken).ConfigureAwait(false);
        return GranteesOf(latest.Manifest);
    }

    private static List<PublicIdentity> GranteesOf(Manifest manifest) =>
        manifest.Grantees.Select(g => ManifestSignatures.DecodeIdentity(g, "grantee identity")).ToList();

    private ContentOwner RequireIdentityOwner(string action) => _options.Identity is not null
        ? RequireOwner(action)
        : throw new ContentException($"Only a user identity can {action} content (grants wrap the content key to identities); set ContentManagerOptions.Identity.");

    private static void RequireRestricted(Manifest manifest, string consequence)
    {
        if (manifest.Metadata.Access != AccessLevel.Restricted)
        {
            throw new ContentAccessDeniedException(
                $"Content {manifest.Id} is {manifest.Metadata.Access} and {consequence}: Private content is for its owner alone and Public content for everyone. Update it with Access = Restricted to share it with chosen identities.");
        }
    }
}
