namespace Zhtp.Storage.Economic.Hosting;

/// <summary>A host's answer to a quote request: its signed offer and signed quote, both verified, and where it is.</summary>
/// <param name="Host">The host's contact.</param>
/// <param name="Offer">The offer (price per GB-day, capacity, tier, address for diversity).</param>
/// <param name="Quote">The quote for the request.</param>
public sealed record MarketQuote(Contact Host, HostOffer Offer, Quote Quote);
