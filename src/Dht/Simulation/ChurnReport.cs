namespace Zhtp.Storage.Dht.Simulation;

/// <summary>What the churn phase of a simulation cost and kept.</summary>
internal sealed record ChurnReport
{
    /// <summary>Nodes that left (and as many joined) over the run.</summary>
    public int Replaced { get; init; }

    /// <summary>Mean live nodes over the hours.</summary>
    public double MeanLiveNodes { get; init; }

    /// <summary>Records stored before the churn that a FindValue from a random live node still finds at the end.</summary>
    public int RecordsFound { get; init; }

    /// <summary>Records stored before the churn.</summary>
    public int Records { get; init; }

    /// <summary>Messages sent by bucket refreshes.</summary>
    public long RefreshMessages { get; init; }

    /// <summary>Messages sent by holders re-replicating records (lookups and stores).</summary>
    public long ReplicationMessages { get; init; }

    /// <summary>Messages sent by publishers republishing (lookups and stores).</summary>
    public long RepublishMessages { get; init; }

    /// <summary>Messages sent by the joins of new nodes.</summary>
    public long JoinMessages { get; init; }

    /// <summary>Pings of the hourly liveness checks (least-recently-seen contacts not heard from for an hour).</summary>
    public long LivenessMessages { get; init; }

    /// <summary>Share of the stored records found at the end.</summary>
    public double SuccessRate => Records == 0 ? 1 : (double)RecordsFound / Records;

    /// <summary>Messages per live node per hour for <paramref name="messages"/>.</summary>
    public double PerNodeHour(long messages, int hours) => hours == 0 || MeanLiveNodes == 0 ? 0 : messages / MeanLiveNodes / hours;
}
