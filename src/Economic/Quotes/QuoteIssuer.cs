using Zhtp.Storage.Types;

namespace Zhtp.Storage.Economic.Quotes;

/// <summary>Issues signed quotes for a host. Time and randomness are injected.</summary>
internal sealed class QuoteIssuer : IQuoteIssuer
{
    private readonly PricingEngine _engine;
    private readonly INodeSigner _host;
    private readonly TimeProvider _time;
    private readonly Random _random;

    /// <summary>Creates an issuer.</summary>
    /// <param name="engine">Pricing rules.</param>
    /// <param name="host">The host's signer.</param>
    /// <param name="time">Clock for issue and expiry times.</param>
    /// <param name="random">Source of quote ids (seed it in tests).</param>
    public QuoteIssuer(PricingEngine engine, INodeSigner host, TimeProvider time, Random random)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        _engine = engine;
        _host = host;
        _time = time;
        _random = random;
    }

    /// <summary>Prices <paramref name="request"/> in <paramref name="market"/> and signs the quote, valid for <see cref="EconomicConfig.QuoteValidity"/>.</summary>
    /// <exception cref="PricingException">The request or market is invalid.</exception>
    public Quote Issue(QuoteRequest request, MarketConditions market)
    {
        var quantized = new MarketConditions(QuoteCodec.Quantize(market.Utilization), QuoteCodec.Quantize(market.RequestsPerProvider));
        var price = _engine.Price(request, quantized);
        var now = DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());
        var unsigned = new Quote
        {
            QuoteId = Hash256.Random(_random),
            HostPublicKey = _host.PublicKey.ToArray(),
            Request = request,
            Market = quantized,
            Price = price,
            IssuedAt = now,
            ExpiresAt = now + _engine.Config.QuoteValidity,
            Signature = ReadOnlyMemory<byte>.Empty,
        };
        return unsigned with { Signature = SignedEnvelope.Sign(_host, QuoteCodec.Domain, QuoteCodec.EncodeBody(unsigned)) };
    }
}
