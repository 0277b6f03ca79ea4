using Zhtp.Storage.Content.Manifests;

namespace Zhtp.Storage.Content.Manager;

internal sealed partial class ContentManager
{
    public Task<IReadOnlyList<ContentSearchHit>> SearchAsync(ContentSearchQuery query, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The search index is being merged.");

    private static Task OnStoredAsync(Manifest manifest, CancellationToken cancellationToken) => Task.CompletedTask;

    private static Task OnDeletedAsync(ContentId id, CancellationToken cancellationToken) => Task.CompletedTask;

    private static ValueTask DisposeIndexAsync() => ValueTask.CompletedTask;
}
