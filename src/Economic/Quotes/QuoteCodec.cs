using Zhtp.Storage.Types;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Economic.Quotes;

// Implementation notes
// Body: array of 21 fields in this order: version (1), quote id (bin 32), host key (bin),
// size bytes, duration ticks, tier, replication, quality, urgency, guarantees (bool),
// utilization and requests per provider in millionths, base price per GB-day in micro-tokens,
// subtotal, quality premium, network fee, escrow fee, largest bonus (micro-tokens),
// issued and expires (Unix milliseconds), validity check field count. Encoding = array
// [body (bin), signature (bin)]. Decimals never travel as floats.
internal static class QuoteCodec
{
    internal const string Domain = "zhtp/economic/quote/v1";
    private const int Version = 1;
    private const int BodyFields = 20;
    private const int MaxKey = 256;
    private const int MaxSignature = 512;
    private const int MaxBody = 4096;

    internal static decimal Quantize(decimal value) => decimal.Round(value, 6, MidpointRounding.AwayFromZero);

    internal static byte[] EncodeBody(Quote quote) => SignedEnvelope.Encode(quote, WriteBody);

    internal static byte[] Encode(Quote quote) => SignedEnvelope.Encode(quote, static (ref MessagePackWriter w, Quote q) =>
    {
        w.WriteArrayHeader(2);
        w.Write(EncodeBody(q));
        w.Write(q.Signature.Span);
    });

    internal static Quote Decode(ReadOnlyMemory<byte> encoded)
    {
        var outer = new MessagePackReader(encoded);
        SignedEnvelope.ExpectArray(ref outer, 2, "quote");
        var body = SignedEnvelope.ReadBytes(ref outer, MaxBody, "quote body");
        var signature = SignedEnvelope.ReadBytes(ref outer, MaxSignature, "quote signature");
        var r = new MessagePackReader(body);
        SignedEnvelope.ExpectArray(ref r, BodyFields, "quote body");
        if (r.ReadInt32() != Version)
        {
            throw new MessagePackSerializationException($"quote: unknown version; this library reads version {Version}.");
        }

        var id = SignedEnvelope.ReadHash(ref r, "quote id");
        var hostKey = SignedEnvelope.ReadBytes(ref r, MaxKey, "host key");
        var request = new QuoteRequest(
            r.ReadInt64(),
            TimeSpan.FromTicks(r.ReadInt64()),
            (StorageTier)r.ReadInt32(),
            r.ReadInt32(),
            (QualityLevel)r.ReadInt32(),
            (Urgency)r.ReadInt32(),
            r.ReadBoolean());
        var market = new MarketConditions(r.ReadInt64() / 1_000_000m, r.ReadInt64() / 1_000_000m);
        var basePrice = new TokenAmount(r.ReadInt64()).Tokens;
        var subtotal = new TokenAmount(r.ReadInt64());
        var premium = new TokenAmount(r.ReadInt64());
        var networkFee = new TokenAmount(r.ReadInt64());
        var escrowFee = new TokenAmount(r.ReadInt64());
        var maxBonus = new TokenAmount(r.ReadInt64());
        var issued = DateTimeOffset.FromUnixTimeMilliseconds(r.ReadInt64());
        var expires = DateTimeOffset.FromUnixTimeMilliseconds(r.ReadInt64());
        PriceBreakdown price;
        try
        {
            price = new PriceBreakdown
            {
                BasePricePerGbDay = basePrice,
                TierScale = PricingEngine.TierScale(request.Tier),
                QualityMultiplier = PricingEngine.QualityMultiplier(request.Quality),
                UrgencyMultiplier = PricingEngine.UrgencyMultiplier(request.Urgency),
                MarketFactor = PricingEngine.MarketFactor(market.Utilization),
                DemandFactor = PricingEngine.DemandFactor(market.RequestsPerProvider),
                BilledGb = request.BilledGb,
                BilledDays = request.BilledDays,
                Replication = request.Replication,
                Tier = request.Tier,
                Subtotal = subtotal,
                QualityPremium = premium,
                NetworkFee = networkFee,
                EscrowFee = escrowFee,
                MaxPerformanceBonus = maxBonus,
            };
        }
        catch (PricingException ex)
        {
            throw new MessagePackSerializationException($"quote: {ex.Message}", ex);
        }

        return new Quote
        {
            QuoteId = id,
            HostPublicKey = hostKey,
            Request = request,
            Market = market,
            Price = price,
            IssuedAt = issued,
            ExpiresAt = expires,
            Signature = signature,
        };
    }

    private static void WriteBody(ref MessagePackWriter w, Quote q)
    {
        w.WriteArrayHeader(BodyFields);
        w.Write(Version);
        SignedEnvelope.WriteHash(ref w, q.QuoteId);
        w.Write(q.HostPublicKey.Span);
        w.Write(q.Request.SizeBytes);
        w.Write(q.Request.Duration.Ticks);
        w.Write((int)q.Request.Tier);
        w.Write(q.Request.Replication);
        w.Write((int)q.Request.Quality);
        w.Write((int)q.Request.Urgency);
        w.Write(q.Request.QualityGuarantees);
        w.Write(decimal.ToInt64(Quantize(q.Market.Utilization) * 1_000_000m));
        w.Write(decimal.ToInt64(Quantize(q.Market.RequestsPerProvider) * 1_000_000m));
        w.Write(TokenAmount.FromTokens(q.Price.BasePricePerGbDay).Micros);
        w.Write(q.Price.Subtotal.Micros);
        w.Write(q.Price.QualityPremium.Micros);
        w.Write(q.Price.NetworkFee.Micros);
        w.Write(q.Price.EscrowFee.Micros);
        w.Write(q.Price.MaxPerformanceBonus.Micros);
        w.Write(q.IssuedAt.ToUnixTimeMilliseconds());
        w.Write(q.ExpiresAt.ToUnixTimeMilliseconds());
    }
}
