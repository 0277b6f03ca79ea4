using Zhtp.Storage.Content.Manifests;
using Zhtp.Storage.Content.Search;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Manager;

internal sealed partial class ContentManager
{
    private IContentIndex Index { get; }

    private KeywordDirectory Keywords { get; }

    public async Task<IReadOnlyList<ContentSearchHit>> SearchAsync(ContentSearchQuery query, CancellationToken cancellationToken = default)
    {
        ContentSearchQueries.Validate(query);
        IReadOnlyList<ContentSearchHit> local = await Index.SearchAsync(query, cancellationToken).ConfigureAwait(false);
        if (!query.IncludeNetwork)
        {
            return local;
        }

        var hits = local.ToList();
        var seen = hits.Select(h => h.Id).ToHashSet();
        IEnumerable<string> words = SearchText.Words(query.Text ?? "").Append(query.Tag ?? "").Where(w => w.Length > 0).Select(w => w.ToLowerInvariant()).Distinct();
        foreach (string word in words)
        {
            foreach (ContentSearchHit hit in await Keywords.QueryAsync(word, cancellationToken).ConfigureAwait(false))
            {
                // Announcements are unsigned hints: a hit counts only when the owner-signed manifest
                // it points at resolves and says the same.
                if (hits.Count >= query.Take || !seen.Add(hit.Id) || await VerifyHitAsync(hit, cancellationToken).ConfigureAwait(false) is not { } verified)
                {
                    continue;
                }

                hits.Add(verified);
            }
        }

        return hits;
    }

    private async Task<ContentSearchHit?> VerifyHitAsync(ContentSearchHit hit, CancellationToken cancellationToken)
    {
        try
        {
            ContentLookup lookup = await GetMetadataAsync(hit.Id, null, cancellationToken).ConfigureAwait(false);
            return lookup.Info is { Metadata.Access: AccessLevel.Public } info
                ? new ContentSearchHit(info.Id, info.Version, info.Metadata, info.Owner, info.Length, info.Created, FromNetwork: true)
                : null;
        }
        catch (ContentException)
        {
            return null;
        }
    }

    /// <summary>Indexes a version this node wrote or can read, and announces it when public and <paramref name="announce"/>.</summary>
    private async Task OnStoredAsync(Manifest manifest, CancellationToken cancellationToken, bool announce = true)
    {
        var entry = new ContentIndexEntry(manifest.Id, manifest.Version, manifest.Metadata, NodeId.FromPublicKey(manifest.Owner.Span).ToString(), manifest.Length, manifest.Created);
        await Index.UpsertAsync(entry, cancellationToken).ConfigureAwait(false);
        if (announce && manifest.Metadata.Access == AccessLevel.Public)
        {
            await Keywords.AnnounceAsync(entry, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task OnDeletedAsync(ContentId id, CancellationToken cancellationToken) =>
        await Index.RemoveAsync(id, cancellationToken).ConfigureAwait(false);

    private async ValueTask DisposeIndexAsync()
    {
        await Keywords.DisposeAsync().ConfigureAwait(false);
        await Index.DisposeAsync().ConfigureAwait(false);
    }
}
