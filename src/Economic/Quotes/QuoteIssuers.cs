namespace Zhtp.Storage.Economic.Quotes;

/// <summary>Creates <see cref="IQuoteIssuer"/>s.</summary>
public static class QuoteIssuers
{
    /// <summary>An issuer pricing with <paramref name="config"/> and signing with <paramref name="host"/>.</summary>
    /// <param name="config">Prices, fees and the quote validity.</param>
    /// <param name="host">The host's signer; the caller keeps ownership and must keep it alive while the issuer is used.</param>
    /// <param name="time">Clock for issue and expiry times.</param>
    /// <param name="random">Source of quote ids (seed it in tests).</param>
    public static IQuoteIssuer Create(EconomicConfig config, INodeSigner host, TimeProvider time, Random random)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new QuoteIssuer(new PricingEngine(config), host, time, random);
    }
}
