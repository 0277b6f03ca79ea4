using System.IO.Pipelines;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Content;

/// <summary>
/// Stores and retrieves content over the DHT as DESIGN.md's data flow describes: streamed in
/// segments, each LZ4-compressed, sealed (AES-256-GCM), Reed-Solomon coded and placed as shards on
/// distinct holders; a signed manifest per version and a signed head record per content give
/// versions and deletes. Memory stays bounded by <see cref="Types.ContentConfig.MaxSegmentsInFlight"/>
/// segments whatever the content size. Create one with <see cref="ContentManagers.Create"/>. Thread-safe.
/// </summary>
public interface IContentManager : IAsyncDisposable
{
    /// <summary>Uploads new content read from <paramref name="content"/> to its end (the original's upload).</summary>
    /// <exception cref="ArgumentException">The options are invalid (the message names every bad field).</exception>
    /// <exception cref="ContentException">Content of that name already exists (use <see cref="UpdateAsync(ContentId, Stream, ContentUploadOptions?, CancellationToken)"/>), it is larger than MaxContentSize, or shards could not be placed.</exception>
    Task<ContentReceipt> UploadAsync(Stream content, ContentUploadOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Uploads new content read from <paramref name="content"/> until it completes.</summary>
    Task<ContentReceipt> UploadFromPipeAsync(PipeReader content, ContentUploadOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Stores a new version of content this owner uploaded; the id stays the same (the original's update).</summary>
    /// <exception cref="ContentNotFoundException">The content does not exist or was deleted.</exception>
    /// <exception cref="ContentAccessDeniedException">This manager's owner is not the content's owner.</exception>
    Task<ContentReceipt> UpdateAsync(ContentId id, Stream content, ContentUploadOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Opens a version (null: the latest) as a seekable, read-only stream; only the segments a read touches are fetched.</summary>
    /// <exception cref="ContentNotFoundException">The content or version does not resolve.</exception>
    /// <exception cref="ContentAccessDeniedException">The content is encrypted and this manager's key protector cannot unwrap its key.</exception>
    Task<Stream> OpenReadAsync(ContentId id, ulong? version = null, CancellationToken cancellationToken = default);

    /// <summary>Writes a whole version (null: the latest) to <paramref name="destination"/> and checks its BLAKE3 (the original's download).</summary>
    /// <exception cref="ContentNotFoundException">The content or version does not resolve.</exception>
    /// <exception cref="ContentUnavailableException">A segment has fewer than k shards reachable.</exception>
    /// <exception cref="ContentIntegrityException">The rebuilt content does not match the manifest.</exception>
    Task<DownloadResult> DownloadAsync(ContentId id, Stream destination, ulong? version = null, IProgress<ContentProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Writes a whole version to <paramref name="destination"/> (flushed per segment).</summary>
    Task<DownloadResult> DownloadToPipeAsync(ContentId id, PipeWriter destination, ulong? version = null, IProgress<ContentProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>A version's description from its manifest, or why it does not resolve. Never throws for "not found".</summary>
    Task<ContentLookup> GetMetadataAsync(ContentId id, ulong? version = null, CancellationToken cancellationToken = default);

    /// <summary>Where every shard of a version (null: the latest) was placed, from its manifest (no shard is fetched).</summary>
    /// <exception cref="ContentNotFoundException">The content or version does not resolve.</exception>
    Task<IReadOnlyList<ShardPlacement>> GetPlacementAsync(ContentId id, ulong? version = null, CancellationToken cancellationToken = default);

    /// <summary>Every version, oldest first (the original's get_versions).</summary>
    /// <exception cref="ContentNotFoundException">The content does not resolve.</exception>
    Task<IReadOnlyList<ContentVersion>> ListVersionsAsync(ContentId id, CancellationToken cancellationToken = default);

    /// <summary>Deletes content: the owner signs a tombstone, after which no version resolves; holders drop the shards when their TTL runs out unrenewed.</summary>
    /// <exception cref="ContentNotFoundException">The content does not resolve.</exception>
    /// <exception cref="ContentAccessDeniedException">This manager's owner is not the content's owner.</exception>
    Task DeleteAsync(ContentId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives <paramref name="grantee"/> read access to the latest version of Restricted content: the owner wraps the
    /// version's content key to it, adds it to the manifest's key table and grantee list, signs the manifest again and
    /// advances the head record. Later versions (updates) keep the grant. Owner only; granting twice does nothing.
    /// </summary>
    /// <exception cref="ContentAccessDeniedException">This manager's identity is not the owner, or the content is Private or Public (which take no grants).</exception>
    /// <exception cref="ContentException">This manager has no identity, or the content is QuantumResistant and the grantee is not a Hybrid identity.</exception>
    Task GrantAsync(ContentId id, PublicIdentity grantee, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes <paramref name="reader"/>'s access: stores a new version of the same plaintext under a new content key,
    /// wrapped for the owner and the remaining grantees only. Versions the reader could read before keep their keys:
    /// a revoked reader keeps what it already read or can still fetch of old versions (docs/security.md, "Revocation").
    /// </summary>
    /// <returns>The receipt of the new version.</returns>
    /// <exception cref="ContentAccessDeniedException">This manager's identity is not the owner, or the content is not Restricted.</exception>
    /// <exception cref="ContentException">The reader holds no grant.</exception>
    Task<ContentReceipt> RevokeAsync(ContentId id, IdentityId reader, CancellationToken cancellationToken = default);

    /// <summary>The identities the owner granted access to the latest version (the owner not included), from its signed manifest.</summary>
    /// <exception cref="ContentNotFoundException">The content does not resolve.</exception>
    Task<IReadOnlyList<PublicIdentity>> ListGrantsAsync(ContentId id, CancellationToken cancellationToken = default);

    /// <summary>Searches the local index (and, when asked, the network's keyword records).</summary>
    Task<IReadOnlyList<ContentSearchHit>> SearchAsync(ContentSearchQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Probes every shard of a version (null: the latest) on its holders, renewing its TTL, and rebuilds
    /// the missing ones from any k onto new holders, then republishes the manifest. Owner only.
    /// </summary>
    /// <exception cref="ContentAccessDeniedException">This manager's owner is not the content's owner.</exception>
    Task<RepairReport> RepairAsync(ContentId id, ulong? version = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The content this manager's owner uploaded through it and has not deleted (the set <see cref="RunMaintenanceAsync"/>
    /// renews), in no particular order; read from <see cref="ContentManagerOptions.DataDirectory"/> when one is set, so it
    /// survives restarts. No network access.
    /// </summary>
    IReadOnlyList<ContentId> ListOwned();

    /// <summary>
    /// The owner id this manager's content carries in search hits (<see cref="ContentSearchHit.Owner"/>), to pass as
    /// <see cref="ContentSearchQuery.Owner"/> to list one's own content; null when the manager has no owner.
    /// </summary>
    string? OwnerId { get; }

    /// <summary>Repairs and renews every live content this owner uploaded through this manager (the maintenance loop calls it).</summary>
    Task<IReadOnlyList<RepairReport>> RunMaintenanceAsync(CancellationToken cancellationToken = default);

    /// <summary>Prices storing <paramref name="bytes"/> of plaintext described by <paramref name="metadata"/> for <paramref name="duration"/>, through the economic seam.</summary>
    /// <exception cref="ContentException">No economics are attached (<see cref="ContentManagerOptions.Economics"/> is null).</exception>
    ContentStorageCost CalculateStorageCost(long bytes, ContentMetadata metadata, TimeSpan duration);
}
