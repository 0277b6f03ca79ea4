using Zhtp.Storage.Types;

namespace Zhtp.Storage.Economic;

/// <summary>What a renter asks to store: size, duration, tier, replication and service level.</summary>
/// <param name="SizeBytes">Bytes to store (one replica), at least 1. Billed per started GB (10^9 bytes).</param>
/// <param name="Duration">How long to store, positive. Billed per started day.</param>
/// <param name="Tier">Storage tier.</param>
/// <param name="Replication">Number of replicas (bounded by <see cref="EconomicConfig.MinReplication"/>..<see cref="EconomicConfig.MaxReplication"/>).</param>
/// <param name="Quality">Service level.</param>
/// <param name="Urgency">Placement urgency.</param>
/// <param name="QualityGuarantees">Whether the renter asks for quality guarantees (adds the quality premium).</param>
public sealed record QuoteRequest(
    long SizeBytes,
    TimeSpan Duration,
    StorageTier Tier,
    int Replication,
    QualityLevel Quality = QualityLevel.Basic,
    Urgency Urgency = Urgency.Normal,
    bool QualityGuarantees = false)
{
    /// <summary>Bytes per billed GB (decimal gigabyte, 10^9).</summary>
    public const long BytesPerGb = 1_000_000_000;

    /// <summary>Whole GB billed: ceil(size / 10^9).</summary>
    public long BilledGb => (SizeBytes / BytesPerGb) + (SizeBytes % BytesPerGb == 0 ? 0 : 1);

    /// <summary>Whole days billed: ceil(duration / 1 day).</summary>
    public long BilledDays => (Duration.Ticks / TimeSpan.TicksPerDay) + (Duration.Ticks % TimeSpan.TicksPerDay == 0 ? 0 : 1);
}
