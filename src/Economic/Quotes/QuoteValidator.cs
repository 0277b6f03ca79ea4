namespace Zhtp.Storage.Economic.Quotes;

/// <summary>Checks a quote's signature, arithmetic and validity window. Pure apart from the injected verifier.</summary>
public static class QuoteValidator
{
    /// <summary>Clock skew tolerated on the issue time.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Checks <paramref name="quote"/> at <paramref name="now"/>: its signature by <see cref="Quote.HostPublicKey"/>, its validity window and that <paramref name="config"/>'s prices give the same breakdown.</summary>
    public static QuoteStatus Check(Quote quote, EconomicConfig config, ISignatureVerifier verifier, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Check(quote, new PricingEngine(config), verifier, now);
    }

    /// <summary>Checks <paramref name="quote"/> at <paramref name="now"/>.</summary>
    internal static QuoteStatus Check(Quote quote, PricingEngine engine, ISignatureVerifier verifier, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(quote);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(verifier);
        if (!SignedEnvelope.Verify(verifier, quote.HostPublicKey.Span, QuoteCodec.Domain, QuoteCodec.EncodeBody(quote), quote.Signature.Span))
        {
            return QuoteStatus.BadSignature;
        }

        if (quote.ExpiresAt <= quote.IssuedAt || quote.IssuedAt > now + ClockSkew)
        {
            return QuoteStatus.BadTimes;
        }

        if (quote.IsExpiredAt(now))
        {
            return QuoteStatus.Expired;
        }

        PriceBreakdown expected;
        try
        {
            expected = engine.Price(quote.Request, quote.Market);
        }
        catch (PricingException)
        {
            return QuoteStatus.PriceMismatch;
        }

        return expected == quote.Price ? QuoteStatus.Valid : QuoteStatus.PriceMismatch;
    }
}
