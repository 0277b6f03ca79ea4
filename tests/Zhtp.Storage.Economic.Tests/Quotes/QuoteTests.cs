using Microsoft.Extensions.Time.Testing;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Economic.Tests.Quotes;

public sealed class QuoteTests : IDisposable
{
    private readonly INodeSigner _host = NodeSigners.CreateEcdsaP256FromSeed(7);
    private readonly FakeTimeProvider _time = new(EconomyHarness.Start);
    private readonly PricingEngine _engine = new(new EconomicConfig());

    public void Dispose() => _host.Dispose();

    private Quote Issue(Random? random = null) =>
        new QuoteIssuer(_engine, _host, _time, random ?? new Random(1)).Issue(new QuoteRequest(10_000_000_000, TimeSpan.FromDays(30), StorageTier.Hot, 3), MarketConditions.Default);

    [Fact]
    public void Issue_FreshQuote_IsValidAndExpiresInOneHour()
    {
        var quote = Issue();

        Assert.Equal(QuoteStatus.Valid, QuoteValidator.Check(quote, _engine, NodeSigners.EcdsaP256Verifier, _time.GetUtcNow()));
        Assert.Equal(TimeSpan.FromHours(1), quote.ExpiresAt - quote.IssuedAt);
        Assert.Equal(NodeId.FromPublicKey(_host.PublicKey.Span), quote.Host);
        Assert.Equal("963000", quote.Price.Total.ToString());
    }

    [Fact]
    public void Check_AfterOneHour_IsExpired()
    {
        var quote = Issue();
        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(QuoteStatus.Valid, QuoteValidator.Check(quote, _engine, NodeSigners.EcdsaP256Verifier, _time.GetUtcNow()));

        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(QuoteStatus.Expired, QuoteValidator.Check(quote, _engine, NodeSigners.EcdsaP256Verifier, _time.GetUtcNow()));
    }

    [Fact]
    public void Check_TamperedPrice_FailsSignature()
    {
        var quote = Issue();
        var cheaper = quote with { Price = quote.Price with { Subtotal = quote.Price.Subtotal - new TokenAmount(1) } };

        Assert.Equal(QuoteStatus.BadSignature, QuoteValidator.Check(cheaper, _engine, NodeSigners.EcdsaP256Verifier, _time.GetUtcNow()));
    }

    [Fact]
    public void Check_SignedWrongArithmetic_IsPriceMismatch()
    {
        var quote = Issue();
        var wrong = quote with { Price = quote.Price with { NetworkFee = new TokenAmount(1) } };
        var resigned = wrong with { Signature = _host.Sign(SignedEnvelope.SigningInput(QuoteCodec.Domain, QuoteCodec.EncodeBody(wrong))) };

        Assert.Equal(QuoteStatus.PriceMismatch, QuoteValidator.Check(resigned, _engine, NodeSigners.EcdsaP256Verifier, _time.GetUtcNow()));
    }

    [Fact]
    public void Check_OtherHostKey_FailsSignature()
    {
        using var other = NodeSigners.CreateEcdsaP256FromSeed(8);
        var quote = Issue() with { HostPublicKey = other.PublicKey };

        Assert.Equal(QuoteStatus.BadSignature, QuoteValidator.Check(quote, _engine, NodeSigners.EcdsaP256Verifier, _time.GetUtcNow()));
    }

    [Fact]
    public void EncodeDecode_RoundTrips_AndStillVerifies()
    {
        var quote = Issue();

        var decoded = Quote.Decode(quote.Encode());

        Assert.Equal(quote.QuoteId, decoded.QuoteId);
        Assert.Equal(quote.Price, decoded.Price);
        Assert.Equal(quote.Request, decoded.Request);
        Assert.Equal(quote.ExpiresAt, decoded.ExpiresAt);
        Assert.Equal(QuoteStatus.Valid, QuoteValidator.Check(decoded, _engine, NodeSigners.EcdsaP256Verifier, _time.GetUtcNow()));
    }

    [Fact]
    public void Decode_TruncatedBytes_ThrowsSerializationException()
    {
        var bytes = Issue().Encode();

        Assert.ThrowsAny<Exception>(() => Quote.Decode(bytes.AsMemory(0, bytes.Length / 2)));
    }

    [Fact]
    public void Issue_SeededRandom_GivesReproducibleIds()
    {
        Assert.Equal(Issue(new Random(42)).QuoteId, Issue(new Random(42)).QuoteId);
        Assert.NotEqual(Issue(new Random(42)).QuoteId, Issue(new Random(43)).QuoteId);
    }
}
