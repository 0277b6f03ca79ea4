using System.IO.Pipelines;
using Zhtp.Storage.Content;
using Zhtp.Storage.Types.Identities;
using Zhtp.Storage.Unified.Metrics;

namespace Zhtp.Storage.Unified.Runtime;

/// <summary>
/// The running content manager as the service provider hands it out: every call goes to it, but disposing
/// the view does nothing — the storage system owns the manager and disposes it when it stops. With
/// <paramref name="counters"/> (the views <see cref="IUnifiedStorageSystem.ContentFor"/> hands out), uploads, updates,
/// downloads and streams opened for reading (counted with the bytes read when disposed) feed the content meters.
/// </summary>
internal sealed class ContentManagerView(IContentManager inner, ContentCounters? counters = null) : IContentManager
{
    public Task<ContentReceipt> UploadAsync(Stream content, ContentUploadOptions? options = null, CancellationToken cancellationToken = default) => CountAsync(inner.UploadAsync(content, options, cancellationToken));

    public Task<ContentReceipt> UploadFromPipeAsync(PipeReader content, ContentUploadOptions? options = null, CancellationToken cancellationToken = default) => CountAsync(inner.UploadFromPipeAsync(content, options, cancellationToken));

    public Task<ContentReceipt> UpdateAsync(ContentId id, Stream content, ContentUploadOptions? options = null, CancellationToken cancellationToken = default) => CountAsync(inner.UpdateAsync(id, content, options, cancellationToken));

    public string? OwnerId => inner.OwnerId;

    public IReadOnlyList<ContentId> ListOwned() => inner.ListOwned();

    public async Task<Stream> OpenReadAsync(ContentId id, ulong? version = null, CancellationToken cancellationToken = default)
    {
        Stream stream = await inner.OpenReadAsync(id, version, cancellationToken).ConfigureAwait(false);
        return counters is null ? stream : new CountingReadStream(stream, counters);
    }

    public Task<DownloadResult> DownloadAsync(ContentId id, Stream destination, ulong? version = null, IProgress<ContentProgress>? progress = null, CancellationToken cancellationToken = default) =>
        CountAsync(inner.DownloadAsync(id, destination, version, progress, cancellationToken));

    public Task<DownloadResult> DownloadToPipeAsync(ContentId id, PipeWriter destination, ulong? version = null, IProgress<ContentProgress>? progress = null, CancellationToken cancellationToken = default) =>
        CountAsync(inner.DownloadToPipeAsync(id, destination, version, progress, cancellationToken));

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

    private async Task<ContentReceipt> CountAsync(Task<ContentReceipt> upload)
    {
        ContentReceipt receipt = await upload.ConfigureAwait(false);
        counters?.OnUpload(receipt.Length, receipt.StoredBytes, receipt.Shards);
        return receipt;
    }

    private async Task<DownloadResult> CountAsync(Task<DownloadResult> download)
    {
        DownloadResult result = await download.ConfigureAwait(false);
        counters?.OnDownload(result.BytesWritten);
        return result;
    }
}
