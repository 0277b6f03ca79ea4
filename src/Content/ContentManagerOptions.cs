using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Content;

/// <summary>Everything a content manager needs besides its DHT node.</summary>
public sealed record ContentManagerOptions
{
    /// <summary>Compression, encryption default, size limit and segments in flight.</summary>
    public ContentConfig Content { get; init; } = new();

    /// <summary>Data and parity shards per segment (k + m, default 4 + 2).</summary>
    public ErasureConfig Erasure { get; init; } = new();

    /// <summary>Plaintext bytes per segment. Default 1 MiB.</summary>
    public int SegmentSize { get; init; } = 1 << 20;

    /// <summary>
    /// Shard stores and fetches in flight at once across all segments. Default 32: more than the 24 shards of the 4
    /// segments an upload has in flight by default, so every shard of them is sent at once instead of waiting for a
    /// slot while the holders flush (docs/content.md "Figures").
    /// </summary>
    public int MaxParallelTransfers { get; init; } = 32;

    /// <summary>Extra shard fetches started beyond k per segment (hedging against slow holders). Default 1.</summary>
    public int HedgeShards { get; init; } = 1;

    /// <summary>How long holders keep a shard unless the owner renews it. Default 24 h (holders cap it at their RecordTtl).</summary>
    public TimeSpan ShardTimeToLive { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Bytes of decoded small segments (at most 64 KiB of plaintext each) a manager keeps in memory for repeated
    /// reads of the same small content, least recently used evicted first; 0 turns the cache off. Default 16 MiB.
    /// Entries are per manager, so only the reader that decrypted a segment is served it from the cache.
    /// </summary>
    public long SmallSegmentCacheBytes { get; init; } = 16L << 20;

    /// <summary>Segments listed in one manifest record; larger tables are chunked (a manifest of manifests). Default 2,048.</summary>
    public int SegmentsPerManifestRecord { get; init; } = 2048;

    /// <summary>Signs manifests and head records: the owner. Null: the DHT node's own key is not reachable, so this (or <see cref="Identity"/>) is required for writes.</summary>
    public INodeSigner? Owner { get; init; }

    /// <summary>
    /// The acting user (docs/security.md): the owner of what this manager writes — it signs head records with
    /// its classical key and manifests with every key it has (Hybrid: classical and ML-DSA-65) — and the reader
    /// of what it reads: content keys are wrapped to it (and its grantees) and unwrapped with it. Set this or
    /// <see cref="Owner"/>, not both. The manager does not dispose it.
    /// </summary>
    public ZhtpIdentity? Identity { get; init; }

    /// <summary>Verifies owner signatures on manifests (the nodes' algorithm). Default ECDSA P-256.</summary>
    public ISignatureVerifier? Verifier { get; init; }

    /// <summary>Wraps and unwraps content keys; required to upload or read encrypted content.</summary>
    public IContentKeyProtector? KeyProtector { get; init; }

    /// <summary>The storage market, or null when economics are disabled.</summary>
    public IContentEconomics? Economics { get; init; }

    /// <summary>
    /// Chooses shard holders (the storage market when economics are enabled); null (the default) places
    /// shards on the k closest live nodes to the content id.
    /// </summary>
    public IShardHostSelector? HostSelector { get; init; }

    /// <summary>Directory of the local search index (SQLite) and the list of owned content; null keeps both in memory.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>
    /// How often the manager runs <see cref="IContentManager.RunMaintenanceAsync"/> by itself (renew, repair,
    /// re-announce); null (the default) leaves it to the host. Keep it well under <see cref="ShardTimeToLive"/>.
    /// </summary>
    public TimeSpan? MaintenanceInterval { get; init; }

    /// <summary>Where maintenance failures and repairs are logged; null logs nothing.</summary>
    public Microsoft.Extensions.Logging.ILogger? Logger { get; init; }

    /// <summary>Clock for created times and TTLs. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Returns every problem with these options (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        errors.AddRange(Content.Validate());
        errors.AddRange(Erasure.Validate());
        if (SegmentSize is < 1024 or > 64 << 20)
        {
            errors.Add($"SegmentSize: 1 KiB to 64 MiB, was {SegmentSize}");
        }

        if (MaxParallelTransfers is < 1 or > 1024)
        {
            errors.Add($"MaxParallelTransfers: 1 to 1,024, was {MaxParallelTransfers}");
        }

        if (HedgeShards < 0 || HedgeShards > Erasure.ParityShards)
        {
            errors.Add($"HedgeShards: 0 to ParityShards ({Erasure.ParityShards}), was {HedgeShards}");
        }

        if (ShardTimeToLive <= TimeSpan.Zero)
        {
            errors.Add($"ShardTimeToLive: must be positive, was {ShardTimeToLive}");
        }

        if (MaintenanceInterval is { } interval && (interval <= TimeSpan.Zero || interval >= ShardTimeToLive))
        {
            errors.Add($"MaintenanceInterval: positive and shorter than ShardTimeToLive ({ShardTimeToLive}), was {interval}");
        }

        if (Owner is not null && Identity is not null)
        {
            errors.Add("Owner and Identity: set one (an identity signs for itself)");
        }

        if (SmallSegmentCacheBytes < 0)
        {
            errors.Add($"SmallSegmentCacheBytes: 0 (off) or more, was {SmallSegmentCacheBytes}");
        }

        if (SegmentsPerManifestRecord is < 1 or > 4096)
        {
            errors.Add($"SegmentsPerManifestRecord: 1 to 4,096, was {SegmentsPerManifestRecord}");
        }

        return errors;
    }
}
