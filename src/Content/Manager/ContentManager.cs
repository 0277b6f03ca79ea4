using System.IO.Pipelines;
using System.Security.Cryptography;
using Zhtp.Storage.Content.Manifests;
using Zhtp.Storage.Content.Pipeline;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Content.Manager;

/// <summary>The content manager over one DHT node (see <see cref="IContentManager"/>).</summary>
internal sealed partial class ContentManager : IContentManager
{
    private readonly IDhtNode _node;
    private readonly ContentManagerOptions _options;
    private readonly SegmentCodec _codec;
    private readonly TransferLimiter _limiter;
    private readonly ISignatureVerifier _verifier;
    private readonly ContentOwner? _owner;
    private readonly OwnedContent _owned;
    // Verified manifests (32 kept, and their segment tables together at most CachedManifestSegments decoded entries: a
    // decoded segment is about 0.5 KB; a chunked table counts the most it holds at once) and the content
    // keys this manager unwrapped (4,096 kept: an ECDH, and an ML-KEM decapsulation at the quantum-resistant level, per
    // read otherwise), both by immutable manifest key.
    private readonly FifoCache<DhtKey, (Manifest Manifest, SegmentTable Segments)> _manifests = new(32, CachedManifestSegments, m => m.Segments.MaxHeldEntries);
    private readonly FifoCache<DhtKey, byte[]> _keys = new(4096);
    private readonly SegmentReadCache _segmentCache;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(ContentId Id, ulong Version), byte> _indexedOnRead = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _maintenance;

    /// <summary>Segment-table entries the manifest cache keeps in all (≈ 64 MB; 128 GiB of content at 1 MiB segments).</summary>
    internal const long CachedManifestSegments = 131_072;

    public ContentManager(IDhtNode node, ContentManagerOptions options)
    {
        _node = node;
        _options = options;
        _codec = new SegmentCodec(options.Erasure.DataShards, options.Erasure.ParityShards, options.Content.CompressionEnabled, options.Content.MinCompressionSize);
        _limiter = new TransferLimiter(options.MaxParallelTransfers);
        _segmentCache = new SegmentReadCache(options.SmallSegmentCacheBytes);
        _verifier = options.Verifier ?? options.Owner ?? NodeSigners.EcdsaP256Verifier;
        _owner = options.Identity is { } identity ? ContentOwner.FromIdentity(identity)
            : options.Owner is { } signer ? ContentOwner.FromNodeKey(signer)
            : null;
        _owned = new OwnedContent(options.DataDirectory);
        Index = options.DataDirectory is { } directory ? Search.ContentIndexes.OpenSqlite(directory) : Search.ContentIndexes.InMemory();
        Keywords = new Search.KeywordDirectory(node, options.Time);
        _maintenance = options.MaintenanceInterval is { } interval ? MaintenanceLoopAsync(interval, _stopping.Token) : Task.CompletedTask;
    }

    private int Window => _options.Content.MaxSegmentsInFlight;

    public Task<ContentReceipt> UploadFromPipeAsync(PipeReader content, ContentUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return UploadAsync(content.AsStream(leaveOpen: true), options, cancellationToken);
    }

    public async Task<ContentReceipt> UploadAsync(Stream content, ContentUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        options ??= new ContentUploadOptions();
        ContentOwner owner = RequireOwner("upload");
        CheckUpload(options, content);
        string name = options.Name ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        ContentId id = ContentId.For(owner.PublicKey.Span, name);
        ResolvedHead? existing = await ResolveHeadAsync(id, cancellationToken).ConfigureAwait(false);
        if (existing is { Head.Deleted: false, Head.Latest: { } latest })
        {
            throw new ContentException($"Content named '{name}' already exists as {id} (latest version {latest.Version}); call UpdateAsync to add a version.");
        }

        return await StoreVersionAsync(id, name, 1, (existing?.Record.Sequence ?? 0) + 1, [], content, options, options.Metadata, [], cancellationToken).ConfigureAwait(false);
    }

    public async Task<ContentReceipt> UpdateAsync(ContentId id, Stream content, ContentUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ContentOwner owner = RequireOwner("update");
        ResolvedHead head = await RequireLiveHeadAsync(id, cancellationToken).ConfigureAwait(false);
        RequireOwnerOf(head, owner, "update");
        ResolvedVersion previous = await ResolveVersionAsync(head, null, needKey: false, cancellationToken).ConfigureAwait(false);
        options ??= new ContentUploadOptions { Metadata = previous.Metadata, Encryption = previous.Manifest.Encryption };
        ContentMetadata metadata = options.Metadata;

        // Grantees carry over to the new version while the content stays Restricted.
        IReadOnlyList<PublicIdentity> grantees = metadata.Access == AccessLevel.Restricted ? GranteesOf(previous.Manifest) : [];
        CheckUpload(options, content);
        ulong version = (head.Head.Latest?.Version ?? 0) + 1;
        return await StoreVersionAsync(id, head.Name, version, head.Record.Sequence + 1, head.Head.Versions, content, options, metadata, grantees, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ContentLookup> GetMetadataAsync(ContentId id, ulong? version = null, CancellationToken cancellationToken = default)
    {
        ResolvedHead? head = await ResolveHeadAsync(id, cancellationToken).ConfigureAwait(false);
        if (head is null || head.Head.Deleted)
        {
            return new ContentLookup(null, head is null ? ContentNotFoundReason.Unknown : ContentNotFoundReason.Deleted);
        }

        if (Pick(head, version) is null)
        {
            return new ContentLookup(null, ContentNotFoundReason.NoSuchVersion);
        }

        ResolvedVersion resolved = await ResolveVersionAsync(head, version, needKey: false, cancellationToken).ConfigureAwait(false);
        return new ContentLookup(resolved.ToInfo(), ContentNotFoundReason.Unknown);
    }

    public async Task<IReadOnlyList<ShardPlacement>> GetPlacementAsync(ContentId id, ulong? version = null, CancellationToken cancellationToken = default)
    {
        ResolvedVersion resolved = await ResolveVersionAsync(id, version, needKey: false, cancellationToken).ConfigureAwait(false);
        return (await resolved.Segments.LoadAllAsync(cancellationToken).ConfigureAwait(false))
            .SelectMany((segment, s) => segment.Shards.Select((shard, j) => new ShardPlacement(s, j, shard.Key, shard.Holders.Select(h => h.Id).ToList())))
            .ToList();
    }

    public async Task<IReadOnlyList<ContentVersion>> ListVersionsAsync(ContentId id, CancellationToken cancellationToken = default) =>
        (await RequireLiveHeadAsync(id, cancellationToken).ConfigureAwait(false)).Head.Versions;

    public async Task DeleteAsync(ContentId id, CancellationToken cancellationToken = default)
    {
        ContentOwner owner = RequireOwner("delete");
        ResolvedHead head = await RequireLiveHeadAsync(id, cancellationToken).ConfigureAwait(false);
        RequireOwnerOf(head, owner, "delete");
        await _node.PutSignedAsync(owner.Records, head.Record.Name, head.Record.Sequence + 1, new HeadRecord(true, []).Encode(), cancellationToken).ConfigureAwait(false);
        _owned.Remove(id);
        await OnDeletedAsync(id, cancellationToken).ConfigureAwait(false);
    }

    public IReadOnlyList<ContentId> ListOwned() => _owned.Snapshot();

    public string? OwnerId => _owner is { } owner ? OwnerIdOf(owner.PublicKey.Span) : null;

    public ContentStorageCost CalculateStorageCost(long bytes, ContentMetadata metadata, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        IContentEconomics economics = _options.Economics
            ?? throw new ContentException("No storage market is attached (ContentManagerOptions.Economics is null): economics are disabled on this node, so storage has no price.");
        int k = _options.Erasure.DataShards;
        long stored = checked((bytes + k - 1) / k * (k + _options.Erasure.ParityShards));
        return economics.CalculateStorageCost(new ContentCostRequest(bytes, stored, metadata.Tier, metadata.Replication, duration));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _maintenance.ConfigureAwait(false);
        _stopping.Dispose();
        await DisposeIndexAsync().ConfigureAwait(false);
        _limiter.Dispose();
    }

    private ContentOwner RequireOwner(string action) => _owner
        ?? throw new ContentException($"This content manager has no owner key (ContentManagerOptions.Owner is null), so it cannot {action} content; it can only read.");

    private static void RequireOwnerOf(ResolvedHead head, ContentOwner owner, string action)
    {
        if (!head.Record.Owner.Span.SequenceEqual(owner.PublicKey.Span))
        {
            throw new ContentAccessDeniedException(
                $"Only the owner ({NodeId.FromPublicKey(head.Record.Owner.Span)}) may {action} content {new ContentId(head.Record.Key)}; this manager's owner is {NodeId.FromPublicKey(owner.PublicKey.Span)}.");
        }
    }

    private void CheckUpload(ContentUploadOptions options, Stream content)
    {
        var errors = new List<string>(options.Metadata.Validate());
        if (options.Name is { } name && (name.Length is 0 or > 200))
        {
            errors.Add($"Name: 1 to 200 characters, was {name.Length}");
        }

        EncryptionLevel level = options.Encryption ?? _options.Content.DefaultEncryption;
        if (!Enum.IsDefined(level))
        {
            errors.Add($"Encryption: unknown level {(int)level}");
        }

        if (level is EncryptionLevel.HighSecurity or EncryptionLevel.QuantumResistant && options.Metadata.Access == AccessLevel.Public)
        {
            errors.Add($"Encryption: {level} hides the metadata from everyone but the readers, which Public content cannot do; use Standard or None for Public content");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid upload options: {string.Join("; ", errors)}.", nameof(options));
        }

        if (level == EncryptionLevel.QuantumResistant && _options.Identity is not { Kind: IdentityKind.Hybrid })
        {
            throw new ContentException($"EncryptionLevel.QuantumResistant signs with a classical and an ML-DSA-65 key and wraps keys with ECDH and ML-KEM-768, which needs a Hybrid user identity (ContentManagerOptions.Identity is {(_options.Identity is null ? "null" : _options.Identity.Kind.ToString())}); set one, or use Standard or HighSecurity.");
        }

        if (level != EncryptionLevel.None && _options.Identity is null && _options.KeyProtector is null)
        {
            throw new ContentException($"Encryption {level} needs an identity or a key protector to wrap the content key (ContentManagerOptions.Identity and KeyProtector are null); set one, or upload with EncryptionLevel.None.");
        }

        if (!content.CanRead)
        {
            throw new ArgumentException("The content stream is not readable.", nameof(content));
        }

        if (content.CanSeek && content.Length - content.Position > _options.Content.MaxContentSize)
        {
            throw new ContentException($"The content holds {content.Length - content.Position:N0} bytes, more than ContentConfig.MaxContentSize ({_options.Content.MaxContentSize:N0}).");
        }
    }

    private static ContentVersion? Pick(ResolvedHead head, ulong? version) =>
        version is { } v ? head.Head.Versions.FirstOrDefault(x => x.Version == v) : head.Head.Latest;
}
