namespace Zhtp.Storage.Economic.Pricing;

/// <summary>
/// The state of the market a price is computed in: how full the providers are and how many open
/// requests each provider faces.
/// </summary>
/// <param name="Utilization">Share of provider capacity in use, in [0, 1].</param>
/// <param name="RequestsPerProvider">Open storage requests per provider, at least 0.</param>
public readonly record struct MarketConditions(decimal Utilization, decimal RequestsPerProvider)
{
    /// <summary>The defaults of <c>zhtp quote</c>: utilization 0.6, no demand (market factor 1.0, demand factor 1.0).</summary>
    public static MarketConditions Default => new(0.6m, 0m);
}
