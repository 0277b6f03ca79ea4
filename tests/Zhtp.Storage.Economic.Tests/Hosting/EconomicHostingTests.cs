using Microsoft.Extensions.Time.Testing;

namespace Zhtp.Storage.Economic.Tests;

/// <summary>EconomicHosting over an in-memory DHT: a renter node and a host node whose shards are records in its own store.</summary>
public sealed class EconomicHostingTests : IAsyncLifetime
{
    private readonly InMemoryNetwork _network = new(new InMemoryNetworkOptions { LossRate = 0.0 });
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow); // contract time near the DHT's clock: record expiry and contract end compare
    private readonly INodeSigner _renterKey = NodeSigners.CreateEcdsaP256FromSeed(11);
    private readonly INodeSigner _hostKey = NodeSigners.CreateEcdsaP256FromSeed(12);
    private readonly IRecordStore _records = RecordStores.InMemory(1L << 30);
    private IDhtNode _renter = null!;
    private IDhtNode _host = null!;
    private IEconomicHost _hosting = null!;
    private MarketClient _client = null!;

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    public async Task InitializeAsync()
    {
        var config = new DhtConfig { RequestTimeout = TimeSpan.FromMilliseconds(500) };
        _host = await DhtNode.CreateAsync(new DhtNodeOptions { Config = config, Transport = _network.CreateTransport(), Signer = _hostKey, Store = _records });
        _renter = await DhtNode.CreateAsync(new DhtNodeOptions { Config = config, Transport = _network.CreateTransport(), Signer = _renterKey });
        await _renter.JoinAsync([_host.Self.EndPoint], Timeout);
        _hosting = EconomicHosting.AttachHost(_host, _hostKey, EconomicHosting.ShardsIn(_records, _time), new EconomicHostOptions { Time = _time, Random = new Random(1) });
        _client = new MarketClient(_renter, new PricingEngine(new EconomicConfig()), _renterKey, _time);
    }

    public async Task DisposeAsync()
    {
        await _renter.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task Quote_IsSignedByTheHost_WithAnOfferThatVerifies_AndFitsOneDatagram()
    {
        var request = new QuoteRequest(1_000_000, TimeSpan.FromDays(30), StorageTier.Warm, 3);

        MarketQuote? quote = await _client.RequestQuoteAsync(_host.Self, request, Timeout);

        Assert.NotNull(quote);
        Assert.Equal(_host.Self.Id, quote.Quote.Host);
        Assert.Equal(request, quote.Quote.Request);
        Assert.True(quote.Offer.VerifySignature(_renterKey));
        int replyBytes = MarketProtocol.EncodeReply(quote.Offer, quote.Quote).Length;
        Assert.True(replyBytes <= _host.MaxPayloadSize, $"{replyBytes} bytes");
        Assert.True(_hosting.QuotesIssued >= 1); // a retried request is answered again
    }

    [Fact(Timeout = 30_000)]
    public async Task Sign_ForShardsHeld_ReturnsAContractSignedByBoth()
    {
        var (shard, _) = await PlaceShardAsync(seed: 1);
        StorageContract draft = await DraftAsync([shard]);

        StorageContract signed = await _client.RequestSignatureAsync(_host.Self, draft, Timeout);

        Assert.True(signed.IsSignedByBoth(_renterKey));
        Assert.True(signed.Encode().Length <= _renter.MaxPayloadSize);
        DhtRecord? held = await _records.GetAsync(new DhtKey(shard.ShardId));
        Assert.True(held!.ExpiresAt >= signed.EndsAt, $"the host keeps the shard for the term: expires {held.ExpiresAt}, term ends {signed.EndsAt}");
        Assert.Equal(1, _hosting.ContractsSigned);
    }

    [Fact(Timeout = 30_000)]
    public async Task Sign_IsRefused_ForAShardNotHeld_AWrongMerkleRoot_OrAnUnknownQuote()
    {
        var (shard, _) = await PlaceShardAsync(seed: 2);
        var missing = new ShardTerms(Blake3Hashing.Compute([1, 2, 3]), 3, ShardMerkleTree.ComputeRoot([1, 2, 3]));
        var wrongRoot = shard with { MerkleRoot = Blake3Hashing.Compute([9]) };

        var notHeld = await Assert.ThrowsAsync<ContractException>(async () => await _client.RequestSignatureAsync(_host.Self, await DraftAsync([missing]), Timeout));
        var badRoot = await Assert.ThrowsAsync<ContractException>(async () => await _client.RequestSignatureAsync(_host.Self, await DraftAsync([wrongRoot]), Timeout));
        StorageContract foreign = (await DraftAsync([shard]) with { QuoteId = Blake3Hashing.Compute([7]), RenterSignature = ReadOnlyMemory<byte>.Empty }).SignAsRenter(_renterKey);
        var unknown = await Assert.ThrowsAsync<ContractException>(() => _client.RequestSignatureAsync(_host.Self, foreign, Timeout));

        Assert.True(notHeld.Message.Contains("does not hold shard", StringComparison.Ordinal), notHeld.Message);
        Assert.Contains("Merkle root", badRoot.Message, StringComparison.Ordinal);
        Assert.Contains("unknown here", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(3, _hosting.SignaturesRefused);
        Assert.Equal(0, _hosting.ContractsSigned);
    }

    [Fact(Timeout = 60_000)]
    public async Task Sign_OfAContractLargerThanADatagram_GoesOverTheBulkChannel()
    {
        var shards = new List<ShardTerms>();
        for (var seed = 10; seed < 30; seed++)
        {
            shards.Add((await PlaceShardAsync(seed)).Terms);
        }

        StorageContract draft = await DraftAsync(shards);
        Assert.True(draft.Encode().Length > _renter.MaxPayloadSize);

        StorageContract signed = await _client.RequestSignatureAsync(_host.Self, draft, Timeout);

        Assert.True(signed.IsSignedByBoth(_renterKey));
        Assert.Equal(20, signed.Shards.Count);
    }

    [Fact(Timeout = 30_000)]
    public async Task Sign_IsRefusedBeforeHashing_WhenTheShardsAddUpToMoreThanTheQuote_OrOneHasNoSize()
    {
        var (first, _) = await PlaceShardAsync(seed: 3);
        var (second, _) = await PlaceShardAsync(seed: 4);
        var request = new QuoteRequest(first.SizeBytes, TimeSpan.FromDays(30), StorageTier.Warm, 3);
        MarketQuote quote = await _client.RequestQuoteAsync(_host.Self, request, Timeout) ?? throw new InvalidOperationException("no quote");
        StorageContract Draft(IReadOnlyList<ShardTerms> shards) =>
            ContractDrafts.ForPlacement(quote.Quote, _renterKey.PublicKey, [quote.Quote.HostPublicKey], shards, _time.GetUtcNow(), TimeSpan.FromDays(1))[0].SignAsRenter(_renterKey);

        var tooMany = await Assert.ThrowsAsync<ContractException>(() => _client.RequestSignatureAsync(_host.Self, Draft([first, second]), Timeout));
        var wrapped = await Assert.ThrowsAsync<ContractException>(() => _client.RequestSignatureAsync(_host.Self, Draft([first with { SizeBytes = long.MaxValue }, second]), Timeout));
        var negative = await Assert.ThrowsAsync<ContractException>(() => _client.RequestSignatureAsync(_host.Self, Draft([second with { SizeBytes = -first.SizeBytes }, first, second]), Timeout));

        Assert.All(new[] { tooMany, wrapped }, e => Assert.Contains("more bytes than the quote covers", e.Message, StringComparison.Ordinal));
        Assert.Contains("malformed contract: contract: shard 0 has size", negative.Message, StringComparison.Ordinal);
        Assert.Equal(0, _hosting.ContractsSigned);
    }

    [Fact(Timeout = 30_000)]
    public async Task Audit_IsAnsweredFromTheRecordStore_AndFailsOnceTheRecordIsGone()
    {
        var (shard, _) = await PlaceShardAsync(seed: 3);
        StorageContract contract = await _client.RequestSignatureAsync(_host.Self, await DraftAsync([shard]), Timeout);
        var auditor = new QualityAssurance(new DhtAuditChannel(_renter), _time, new Random(5), _renterKey);

        AuditOutcome before = await auditor.AuditAsync(contract, Timeout);
        Assert.True(await _records.RemoveAsync(new DhtKey(shard.ShardId)));
        AuditOutcome after = await auditor.AuditAsync(contract, Timeout);

        Assert.Equal(AuditResult.Passed, before.Result);
        Assert.Equal(AuditResult.Missing, after.Result);
    }

    private async Task<(ShardTerms Terms, byte[] Bytes)> PlaceShardAsync(int seed)
    {
        var bytes = new byte[40_000];
        new Random(seed).NextBytes(bytes);
        Assert.Equal(DhtErrorCode.None, await _renter.StoreAtAsync(_host.Self, bytes, TimeSpan.FromHours(1), Timeout));
        return (new ShardTerms(Blake3Hashing.Compute(bytes), bytes.Length, ShardMerkleTree.ComputeRoot(bytes)), bytes);
    }

    private async Task<StorageContract> DraftAsync(IReadOnlyList<ShardTerms> shards)
    {
        var request = new QuoteRequest(shards.Sum(s => s.SizeBytes), TimeSpan.FromDays(30), StorageTier.Warm, 3);
        MarketQuote quote = await _client.RequestQuoteAsync(_host.Self, request, Timeout) ?? throw new InvalidOperationException("no quote");
        return ContractDrafts.ForPlacement(quote.Quote, _renterKey.PublicKey, [quote.Quote.HostPublicKey], shards, _time.GetUtcNow(), TimeSpan.FromDays(1))[0].SignAsRenter(_renterKey);
    }
}
