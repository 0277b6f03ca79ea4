namespace Zhtp.Storage.Economic.Quotes;

/// <summary>Prices storage requests with the economic rules (docs/economics.md) and signs the quotes with a host key. Made by <see cref="QuoteIssuers.Create"/>.</summary>
/// <remarks>Thread safety: safe to call concurrently when the <see cref="Random"/> it was given is (for example <see cref="Random.Shared"/>).</remarks>
public interface IQuoteIssuer
{
    /// <summary>Prices <paramref name="request"/> in <paramref name="market"/> (its factors quantized to what a quote encodes) and signs the quote, valid for <see cref="EconomicConfig.QuoteValidity"/> from now.</summary>
    /// <exception cref="PricingException">The request or market is out of range; the message names the field.</exception>
    Quote Issue(QuoteRequest request, MarketConditions market);
}
