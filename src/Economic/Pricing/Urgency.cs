namespace Zhtp.Storage.Economic.Pricing;

/// <summary>How soon the renter needs the storage placed; scales the price (Low ×0.8, Normal ×1.0, High ×1.5, Critical ×2.0).</summary>
public enum Urgency
{
    /// <summary>Placement may wait (price ×0.8).</summary>
    Low = 0,

    /// <summary>Ordinary placement (price ×1.0).</summary>
    Normal = 1,

    /// <summary>Placement soon (price ×1.5).</summary>
    High = 2,

    /// <summary>Placement now (price ×2.0).</summary>
    Critical = 3,
}
