namespace Zhtp.Storage.Content.Search;

/// <summary>
/// The local search index of the manifests this node can read. Thread-safe. Operations run
/// synchronously on the calling thread and complete the returned task before returning.
/// </summary>
internal interface IContentIndex : IAsyncDisposable
{
    /// <summary>
    /// Adds <paramref name="entry"/>, replacing the entry of the same id when its version is lower or
    /// equal; an entry older than the one held is ignored.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The index was disposed.</exception>
    ValueTask UpsertAsync(ContentIndexEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Removes the entry of <paramref name="id"/> (nothing happens when there is none).</summary>
    /// <exception cref="ObjectDisposedException">The index was disposed.</exception>
    ValueTask RemoveAsync(ContentId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns the entries matching every criterion of <paramref name="query"/> as local hits
    /// (<see cref="ContentSearchHit.FromNetwork"/> false): best bm25 rank first when
    /// <see cref="ContentSearchQuery.Text"/> is given, otherwise newest first; then
    /// <see cref="ContentSearchQuery.Skip"/> and <see cref="ContentSearchQuery.Take"/> applied.
    /// <see cref="ContentSearchQuery.IncludeNetwork"/> is ignored here.
    /// </summary>
    /// <exception cref="ArgumentException">The query has no criterion.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Skip is negative or Take is outside 1–1,000.</exception>
    /// <exception cref="ObjectDisposedException">The index was disposed.</exception>
    ValueTask<IReadOnlyList<ContentSearchHit>> SearchAsync(ContentSearchQuery query, CancellationToken cancellationToken = default);

    /// <summary>The number of entries.</summary>
    /// <exception cref="ObjectDisposedException">The index was disposed.</exception>
    ValueTask<long> CountAsync(CancellationToken cancellationToken = default);
}
