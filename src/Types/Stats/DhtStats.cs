namespace Zhtp.Storage.Types;

/// <summary>A snapshot of a DHT node's counters. Values are totals since start unless named otherwise.</summary>
public sealed record DhtStats
{
    /// <summary>Contacts in the routing table.</summary>
    public int Contacts { get; init; }

    /// <summary>Non-empty k-buckets.</summary>
    public int ActiveBuckets { get; init; }

    /// <summary>Datagrams sent.</summary>
    public long MessagesSent { get; init; }

    /// <summary>Datagrams received (including dropped ones).</summary>
    public long MessagesReceived { get; init; }

    /// <summary>Received datagrams that passed every check (parse, id, signature, timestamp, replay) and were handled.</summary>
    public long MessagesAccepted { get; init; }

    /// <summary>Received datagrams dropped, by reason (e.g. "bad-signature", "stale-timestamp", "replay", "malformed").</summary>
    public IReadOnlyDictionary<string, long> DropsByReason { get; init; } = new Dictionary<string, long>();

    /// <summary>Total dropped datagrams (the sum of <see cref="DropsByReason"/>); with <see cref="MessagesAccepted"/> it adds up to <see cref="MessagesReceived"/>.</summary>
    public long MessagesDropped => DropsByReason.Values.Sum();

    /// <summary>Requests this node sent that were answered.</summary>
    public long RequestsAnswered { get; init; }

    /// <summary>Requests that timed out after all retries.</summary>
    public long RequestTimeouts { get; init; }

    /// <summary>Lookups started.</summary>
    public long Lookups { get; init; }

    /// <summary>Lookups that found what they looked for.</summary>
    public long LookupsSucceeded { get; init; }

    /// <summary>Median RPC round-trip time.</summary>
    public TimeSpan LatencyP50 { get; init; }

    /// <summary>90th percentile RPC round-trip time.</summary>
    public TimeSpan LatencyP90 { get; init; }

    /// <summary>99th percentile RPC round-trip time.</summary>
    public TimeSpan LatencyP99 { get; init; }

    /// <summary>Records held.</summary>
    public long RecordsStored { get; init; }

    /// <summary>Bytes of record values held.</summary>
    public long StorageUsedBytes { get; init; }

    /// <summary>The storage quota in bytes.</summary>
    public long StorageQuotaBytes { get; init; }
}
