namespace Zhtp.Storage.Economic.Pricing;

/// <summary>Service level a renter buys; scales the price (Basic ×1.0, Premium ×1.5, Enterprise ×2.0).</summary>
public enum QualityLevel
{
    /// <summary>Best effort within the SLA defaults (price ×1.0).</summary>
    Basic = 0,

    /// <summary>Tighter service (price ×1.5).</summary>
    Premium = 1,

    /// <summary>Tightest service (price ×2.0).</summary>
    Enterprise = 2,
}
