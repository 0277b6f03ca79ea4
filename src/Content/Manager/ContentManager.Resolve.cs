using Zhtp.Storage.Content.Manifests;
using Zhtp.Storage.Content.Pipeline;
using Zhtp.Storage.Content.Security;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Manager;

internal sealed partial class ContentManager
{
    /// <summary>The head record under <paramref name="id"/>, or null when no node returns one. A malformed head is a <see cref="ManifestFormatException"/>.</summary>
    private async Task<ResolvedHead?> ResolveHeadAsync(ContentId id, CancellationToken cancellationToken)
    {
        FindValueResult found = await _node.FindValueAsync(id.Key, cancellationToken).ConfigureAwait(false);
        if (found.Record is not { Kind: RecordKind.Mutable } record || !record.Name.StartsWith(ContentId.NamePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        return new ResolvedHead(record, HeadRecord.Decode(record.Value));
    }

    private async Task<ResolvedHead> RequireLiveHeadAsync(ContentId id, CancellationToken cancellationToken)
    {
        ResolvedHead? head = await ResolveHeadAsync(id, cancellationToken).ConfigureAwait(false);
        return head is null || head.Head.Deleted
            ? throw new ContentNotFoundException(id, head is null ? ContentNotFoundReason.Unknown : ContentNotFoundReason.Deleted)
            : head;
    }

    private async Task<ResolvedVersion> ResolveVersionAsync(ContentId id, ulong? version, bool needKey, CancellationToken cancellationToken)
    {
        ResolvedHead head = await RequireLiveHeadAsync(id, cancellationToken).ConfigureAwait(false);
        return await ResolveVersionAsync(head, version, needKey, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads and verifies a version's manifest (and its chunks), and unwraps its key when <paramref name="needKey"/>.</summary>
    private async Task<ResolvedVersion> ResolveVersionAsync(ResolvedHead head, ulong? version, bool needKey, CancellationToken cancellationToken)
    {
        var id = new ContentId(head.Record.Key);
        ContentVersion entry = Pick(head, version) ?? throw new ContentNotFoundException(id, ContentNotFoundReason.NoSuchVersion);
        (Manifest manifest, SegmentTable segments) = await LoadManifestAsync(id, entry.ManifestKey, cancellationToken).ConfigureAwait(false);
        if (manifest.Id != id || manifest.Version != entry.Version || !manifest.Owner.Span.SequenceEqual(head.Record.Owner.Span) || manifest.OwnerAlgorithm != head.Record.OwnerAlgorithm)
        {
            throw new ManifestFormatException(
                $"The manifest {entry.ManifestKey} that the head of {id} names for version {entry.Version} describes content {manifest.Id} version {manifest.Version} of another owner or version; it cannot stand for this content.");
        }

        byte[] key = [];
        ContentMetadata metadata = manifest.Metadata;
        if (manifest.Cipher != SegmentCipherKind.None && (needKey || manifest.HidesMetadata))
        {
            if (!_keys.TryGet(entry.ManifestKey, out byte[]? known))
            {
                var candidate = new byte[SegmentCipher.KeySize];
                if (TryUnwrapKey(manifest, candidate))
                {
                    _keys.Add(entry.ManifestKey, candidate);
                    known = candidate;
                }
            }

            if (known is not null)
            {
                key = known;
                metadata = manifest.HidesMetadata ? MetadataSeal.Open(manifest.SealedMetadata.Span, key, id, manifest.Version, manifest.Metadata) : metadata;
            }
            else if (needKey)
            {
                throw new ContentAccessDeniedException(
                    $"Content {id} version {manifest.Version} is {manifest.Metadata.Access} and encrypted ({manifest.Encryption}), and none of its {manifest.WrappedKeys.Count} wrapped key(s) is for this reader; ask the owner for a grant.");
            }
        }

        return new ResolvedVersion(head, entry.ManifestKey, manifest, segments, key, metadata);
    }

    /// <summary>The content key of <paramref name="manifest"/>: published (Public content), or wrapped to this manager's identity or for its key protector.</summary>
    private bool TryUnwrapKey(Manifest manifest, Span<byte> key) =>
        ContentKeyTable.TryReadPublished(manifest.WrappedKeys, key)
        || (_options.Identity is { } identity && IdentityKeyTable.TryUnwrap(identity, manifest.WrappedKeys, new ContentKeyContext(manifest.Id, manifest.Version), key))
        || (_options.KeyProtector is { } protector && protector.TryUnwrap(manifest.WrappedKeys, new ContentKeyContext(manifest.Id, manifest.Version), key));

    private async Task<(Manifest Manifest, SegmentTable Segments)> LoadManifestAsync(ContentId id, DhtKey key, CancellationToken cancellationToken)
    {
        if (_manifests.TryGet(key, out var cached))
        {
            return cached;
        }

        byte[] value = await FetchImmutableAsync(id, key, "manifest", cancellationToken).ConfigureAwait(false);
        Manifest manifest = ManifestCodec.DecodeSigned(value, _verifier);
        SegmentTable table = TableOf(manifest, manifest.Segments);
        _manifests.Add(key, (manifest, table));
        return (manifest, table);
    }

    /// <summary>
    /// The table of <paramref name="manifest"/>: <paramref name="entries"/> (its inline table) held whole, or, for a manifest
    /// of manifests, its chunks fetched as they are read (a fetch belongs to the manager, not to the reader that started it).
    /// </summary>
    private SegmentTable TableOf(Manifest manifest, IReadOnlyList<SegmentEntry> entries) =>
        manifest.Chunks.Count == 0
            ? SegmentTable.Whole(entries)
            : SegmentTable.Chunked(manifest.Chunks, async chunk => ManifestCodec.DecodeChunk(
                await FetchImmutableAsync(manifest.Id, chunk.Key, "segment-table chunk", _stopping.Token).ConfigureAwait(false), manifest, chunk));

    private async Task<byte[]> FetchImmutableAsync(ContentId id, DhtKey key, string what, CancellationToken cancellationToken)
    {
        FindValueResult found = await _node.FindValueAsync(key, cancellationToken).ConfigureAwait(false);
        return found.Record is { Kind: not RecordKind.Mutable } record && record.Key == key
            ? record.Value.ToArray()
            : throw new ContentUnavailableException($"The {what} {key} of content {id} was not found in the DHT; its holders may be offline. Retry later.");
    }
}
