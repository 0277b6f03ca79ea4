using System.IO.Pipelines;
using Zhtp.Storage.Content;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Unified.Runtime;

/// <summary>
/// The running content manager as the service provider hands it out: every call goes to it, but disposing
/// the view does nothing — the storage system owns the manager and disposes it when it stops.
/// </summary>
internal sealed class ContentManagerView(IContentManager inner) : IContentManager
{
    public Task<ContentReceipt> UploadAsync(Stream content, ContentUploadOptions? options = null, CancellationToken cancellationToken = default) => inner.UploadAsync(content, options, cancellationToken);

    public Task<ContentReceipt> UploadFromPipeAsync(PipeReader content, ContentUploadOptions? options = null, CancellationToken cancellationToken = default) => inner.UploadFromPipeAsync(content, options, cancellationToken);

    public Task<ContentReceipt> UpdateAsync(ContentId id, Stream content, ContentUploadOptions? options = null, CancellationToken cancellationToken = default) => inner.UpdateAsync(id, content, options, cancellationToken);

    public string? OwnerId => inner.OwnerId;

    public IReadOnlyList<ContentId> ListOwned() => inner.ListOwned();

    public Task<Stream> OpenReadAsync(ContentId id, ulong? version = null, CancellationToken cancellationToken = default) => inner.OpenReadAsync(id, version, cancellationToken);

    public Task<DownloadResult> DownloadAsync(ContentId id, Stream destination, ulong? version = null, IProgress<ContentProgress>? progress = null, CancellationToken cancellationToken = default) =>
        inner.DownloadAsync(id, destination, version, progress, cancellationToken);

    public Task<DownloadResult> DownloadToPipeAsync(ContentId id, PipeWriter destination, ulong? version = null, IProgress<ContentProgress>? progress = null, CancellationToken cancellationToken = default) =>
        inner.DownloadToPipeAsync(id, destination, version, progress, cancellationToken);

    public Task<ContentLookup> GetMetadataAsync(ContentId id, ulong? version = null, CancellationToken cancellationToken = default) => inner.GetMetadataAsync(id, version, cancellationToken);

    public Task<IReadOnlyList<ShardPlacement>> GetPlacementAsync(ContentId id, ulong? version = null, CancellationToken cancellationToken = default) => inner.GetPlacementAsync(id, version, cancellationToken);

    public Task<IReadOnlyList<ContentVersion>> ListVersionsAsync(ContentId id, CancellationToken cancellationToken = default) => inner.ListVersionsAsync(id, cancellationToken);

    public Task DeleteAsync(ContentId id, CancellationToken cancellationToken = default) => inner.DeleteAsync(id, cancellationToken);

    public Task GrantAsync(ContentId id, PublicIdentity grantee, CancellationToken cancellationToken = default) => inner.GrantAsync(id, grantee, cancellationToken);

    public Task<ContentReceipt> RevokeAsync(ContentId id, IdentityId reader, CancellationToken cancellationToken = default) => inner.RevokeAsync(id, reader, cancellationToken);

    public Task<IReadOnlyList<PublicIdentity>> ListGrantsAsync(ContentId id, CancellationToken cancellationToken = default) => inner.ListGrantsAsync(id, cancellationToken);

    public Task<IReadOnlyList<ContentSearchHit>> SearchAsync(ContentSearchQuery query, CancellationToken cancellationToken = default) => inner.SearchAsync(query, cancellationToken);

    public Task<RepairReport> RepairAsync(ContentId id, ulong? version = null, CancellationToken cancellationToken = default) => inner.RepairAsync(id, version, cancellationToken);

    public Task<IReadOnlyList<RepairReport>> RunMaintenanceAsync(CancellationToken cancellationToken = default) => inner.RunMaintenanceAsync(cancellationToken);

    public ContentStorageCost CalculateStorageCost(long bytes, ContentMetadata metadata, TimeSpan duration) => inner.CalculateStorageCost(bytes, metadata, duration);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
