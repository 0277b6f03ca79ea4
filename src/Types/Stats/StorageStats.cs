namespace Zhtp.Storage.Types;

/// <summary>A snapshot of the content layer: what is stored and how it is encoded.</summary>
public sealed record StorageStats
{
    /// <summary>Content items known (stored or indexed).</summary>
    public long ContentItems { get; init; }

    /// <summary>Original bytes of stored content.</summary>
    public long OriginalBytes { get; init; }

    /// <summary>Bytes after compression and before erasure coding.</summary>
    public long CompressedBytes { get; init; }

    /// <summary>Bytes of shards written (after erasure coding, before replication).</summary>
    public long ShardBytes { get; init; }

    /// <summary>Shards written.</summary>
    public long Shards { get; init; }

    /// <summary>Shards rebuilt from parity during retrieval or repair.</summary>
    public long ShardsReconstructed { get; init; }

    /// <summary>Original bytes divided by compressed bytes (1 when nothing is stored).</summary>
    public double CompressionRatio => CompressedBytes == 0 ? 1.0 : (double)OriginalBytes / CompressedBytes;
}
