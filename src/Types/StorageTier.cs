namespace Zhtp.Storage.Types;

/// <summary>How quickly stored data must be served; drives price (Hot ×10, Warm ×3, Cold ×1, Archive ×0.3).</summary>
public enum StorageTier
{
    /// <summary>Frequently read, low latency (price ×10).</summary>
    Hot = 0,

    /// <summary>Read now and then (price ×3).</summary>
    Warm = 1,

    /// <summary>Rarely read (price ×1).</summary>
    Cold = 2,

    /// <summary>Kept for the long term, slow retrieval accepted (price ×0.3).</summary>
    Archive = 3,
}
