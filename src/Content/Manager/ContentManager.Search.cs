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
        var hits = new List<ContentSearchHit>(local.Count);
        string? self = _owner is { } owner ? OwnerIdOf(owner.PublicKey.Span) : null;
        foreach (ContentSearchHit hit in local)
        {
            // The index may hold content this caller read before, or that another identity using the same
            // data directory wrote: only the caller's own content is shown without checking its manifest now.
            if (hit.Owner == self)
            {
                hits.Add(hit);
            }
            else if (await ReadableHitAsync(hit, network: false, cancellationToken).ConfigureAwait(false) is { } readable)
            {
                hits.Add(readable);
            }
        }

        if (!query.IncludeNetwork)
        {
            return hits;
        }

        var seen = hits.Select(h => h.Id).ToHashSet();
        IEnumerable<string> words = SearchText.Words(query.Text ?? "").Append(query.Tag ?? "").Where(w => w.Length > 0).Select(w => w.ToLowerInvariant()).Distinct();
        foreach (string word in words)
        {
            foreach (ContentSearchHit hit in await Keywords.QueryAsync(word, cancellationToken).ConfigureAwait(false))
            {
                // Announcements are unsigned hints: a hit counts only when the owner-signed manifest
                // it points at resolves, says it is public, and this caller can read it.
                if (hits.Count >= query.Take || !seen.Add(hit.Id) || await ReadableHitAsync(hit, network: true, cancellationToken).ConfigureAwait(false) is not { } verified)
                {
                    continue;
                }

                hits.Add(verified);
            }
        }

        return hits;
    }

    /// <summary>
    /// The hit as the latest manifest describes it when this caller can read that version (unencrypted, a
    /// published key, or a key wrapped for it) and, for network hits, it is public; otherwise null.
    /// </summary>
    private async Task<ContentSearchHit?> ReadableHitAsync(ContentSearchHit hit, bool network, CancellationToken cancellationToken)
    {
        try
        {
            ResolvedHead? head = await ResolveHeadAsync(hit.Id, cancellationToken).ConfigureAwait(false);
            if (head is null || head.Head.Deleted || head.Head.Latest is null)
            {
                return null;
            }

            ResolvedVersion resolved = await ResolveVersionAsync(head, null, needKey: true, cancellationToken).ConfigureAwait(false);
            ContentInfo info = resolved.ToInfo();
            return network && info.Metadata.Access != AccessLevel.Public
                ? null
                : new ContentSearchHit(info.Id, info.Version, info.Metadata, info.Owner, info.Length, info.Created, FromNetwork: network);
        }
        catch (ContentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Indexes a version this node wrote or can read, with its full <paramref name="metadata"/> (the local index
    /// holds what this node knows), and announces it when it is public, its metadata is not sealed, and <paramref name="announce"/>.
    /// </summary>
    private async Task OnStoredAsync(Manifest manifest, ContentMetadata metadata, CancellationToken cancellationToken, bool announce = true)
    {
        var entry = new ContentIndexEntry(manifest.Id, manifest.Version, metadata, OwnerIdOf(manifest.Owner.Span), manifest.Length, manifest.Created);
        await Index.UpsertAsync(entry, cancellationToken).ConfigureAwait(false);
        if (announce && metadata.Access == AccessLevel.Public && !manifest.HidesMetadata)
        {
            await Keywords.AnnounceAsync(entry, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Indexes a version read here (so search finds what this node can read) once per process: an index write on every
    /// open was most of a small GET's time (405 of 631 µs, docs/api.md). Deleting the content forgets the versions.
    /// </summary>
    private Task IndexOnReadAsync(ResolvedVersion resolved, CancellationToken cancellationToken) =>
        _indexedOnRead.TryAdd((resolved.Manifest.Id, resolved.Manifest.Version), 0)
            ? OnStoredAsync(resolved.Manifest, resolved.Metadata, cancellationToken, announce: false)
            : Task.CompletedTask;

    private static string OwnerIdOf(ReadOnlySpan<byte> ownerKey) => NodeId.FromPublicKey(ownerKey).ToString();

    private async Task OnDeletedAsync(ContentId id, CancellationToken cancellationToken)
    {
        foreach ((ContentId Id, ulong Version) key in _indexedOnRead.Keys.Where(k => k.Id == id))
        {
            _indexedOnRead.TryRemove(key, out _);
        }

        await Index.RemoveAsync(id, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask DisposeIndexAsync()
    {
        await Keywords.DisposeAsync().ConfigureAwait(false);
        await Index.DisposeAsync().ConfigureAwait(false);
    }
}
