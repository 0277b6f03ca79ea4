namespace Zhtp.Storage.Types;

/// <summary>
/// Settings of a DHT node (Kademlia parameters, RPC, records, limits). Defaults follow
/// DESIGN.md: 256-bit ids, k = 20, α = 3.
/// </summary>
public sealed record DhtConfig
{
    /// <summary>Bucket size and replication width of records (Kademlia k). Default 20.</summary>
    public int K { get; init; } = 20;

    /// <summary>Requests in flight per lookup (Kademlia α). Default 3.</summary>
    public int Alpha { get; init; } = 3;

    /// <summary>Disjoint paths for lookups that must resist a poisoned path (S/Kademlia d); 1 = plain Kademlia.</summary>
    public int DisjointPaths { get; init; } = 1;

    /// <summary>Time to wait for one RPC response before a retry. Default 1 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Retries after the first attempt of one RPC (with exponential backoff). Default 1.</summary>
    public int MaxRetries { get; init; } = 1;

    /// <summary>Outstanding RPCs per node across all peers. Default 256.</summary>
    public int MaxConcurrentRequests { get; init; } = 256;

    /// <summary>Consecutive timeouts after which a contact is stale and may be evicted. Default 3.</summary>
    public int StaleAfterFailures { get; init; } = 3;

    /// <summary>A bucket not touched for this long is refreshed with a lookup of a random id in it. Default 1 h.</summary>
    public TimeSpan BucketRefreshInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Lifetime of a stored record unless republished. Default 24 h.</summary>
    public TimeSpan RecordTtl { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How often the original publisher republishes its records. Default 12 h.</summary>
    public TimeSpan RepublishInterval { get; init; } = TimeSpan.FromHours(12);

    /// <summary>How often holders re-replicate records to the current k closest nodes. Default 1 h.</summary>
    public TimeSpan ReplicationInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Largest datagram sent or accepted, in bytes. Default 1,400 (k = 20 contacts fit).</summary>
    public int MaxDatagramSize { get; init; } = 1400;

    /// <summary>Largest record value accepted, in bytes (values above a datagram travel over the TCP side channel). Default 4 MiB.</summary>
    public int MaxValueSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>Per-node storage quota for records, in bytes. Default 1 GiB.</summary>
    public long StorageQuotaBytes { get; init; } = 1L << 30;

    /// <summary>How far a message timestamp may differ from local time before it is dropped. Default 60 s.</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Contacts allowed per IP address in one bucket (eclipse resistance). Default 2.</summary>
    public int MaxContactsPerAddress { get; init; } = 2;

    /// <summary>Contacts allowed per /24 (IPv4) or /64 (IPv6) subnet in one bucket. Default 5.</summary>
    public int MaxContactsPerSubnet { get; init; } = 5;

    /// <summary>When true, the per-address and per-subnet limits are not applied to loopback addresses (local test networks). Default true.</summary>
    public bool ExemptLoopbackFromAddressLimits { get; init; } = true;

    /// <summary>Returns every problem with these settings (empty when valid).</summary>
    public IReadOnlyList<string> Validate() => Validate(new ConfigErrors(nameof(DhtConfig))).Errors;

    /// <summary>Throws <see cref="ConfigurationException"/> listing every problem, if any.</summary>
    public void EnsureValid() => Validate(new ConfigErrors(nameof(DhtConfig))).ThrowIfAny(nameof(DhtConfig));

    internal ConfigErrors Validate(ConfigErrors errors)
    {
        errors.InRange(nameof(K), K, 1, 256);
        errors.InRange(nameof(Alpha), Alpha, 1, 64);
        errors.InRange(nameof(DisjointPaths), DisjointPaths, 1, 16);
        if (DisjointPaths > K)
        {
            errors.Add(nameof(DisjointPaths), $"must not exceed K ({K}), was {DisjointPaths}");
        }

        errors.Positive(nameof(RequestTimeout), RequestTimeout);
        errors.InRange(nameof(MaxRetries), MaxRetries, 0, 10);
        errors.InRange(nameof(MaxConcurrentRequests), MaxConcurrentRequests, 1, 1 << 20);
        errors.InRange(nameof(StaleAfterFailures), StaleAfterFailures, 1, 100);
        errors.Positive(nameof(BucketRefreshInterval), BucketRefreshInterval);
        errors.Positive(nameof(RecordTtl), RecordTtl);
        errors.Positive(nameof(RepublishInterval), RepublishInterval);
        errors.Positive(nameof(ReplicationInterval), ReplicationInterval);
        if (RepublishInterval >= RecordTtl)
        {
            errors.Add(nameof(RepublishInterval), $"must be shorter than RecordTtl ({RecordTtl}) or records expire before they are republished, was {RepublishInterval}");
        }

        errors.InRange(nameof(MaxDatagramSize), MaxDatagramSize, 512, 65507);
        errors.InRange(nameof(MaxValueSize), MaxValueSize, 1, 1 << 30);
        errors.InRange(nameof(StorageQuotaBytes), StorageQuotaBytes, 0, long.MaxValue);
        errors.Positive(nameof(MaxClockSkew), MaxClockSkew);
        errors.InRange(nameof(MaxContactsPerAddress), MaxContactsPerAddress, 1, 256);
        errors.InRange(nameof(MaxContactsPerSubnet), MaxContactsPerSubnet, 1, 256);
        if (MaxContactsPerSubnet < MaxContactsPerAddress)
        {
            errors.Add(nameof(MaxContactsPerSubnet), $"must be at least MaxContactsPerAddress ({MaxContactsPerAddress}), was {MaxContactsPerSubnet}");
        }

        return errors;
    }
}
