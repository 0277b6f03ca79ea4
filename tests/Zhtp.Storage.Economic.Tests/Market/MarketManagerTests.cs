using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Zhtp.Storage.Economic.Tests.Market;

public sealed class MarketManagerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(EconomyHarness.Start);
    private readonly ReputationSystem _reputation;
    private readonly MarketManager _market;
    private readonly List<INodeSigner> _hosts = [];

    public MarketManagerTests()
    {
        _reputation = new ReputationSystem(new EconomicConfig(), _time);
        _market = new MarketManager(_reputation, NodeSigners.EcdsaP256Verifier, _time);
    }

    public void Dispose()
    {
        foreach (var h in _hosts)
        {
            h.Dispose();
        }
    }

    private HostOffer Offer(int seed, string address, long priceTokens, long capacity = 1_000_000, StorageTier tier = StorageTier.Hot)
    {
        var signer = NodeSigners.CreateEcdsaP256FromSeed(seed);
        _hosts.Add(signer);
        return new HostOffer
        {
            HostKey = signer.PublicKey,
            CapacityBytes = capacity,
            PricePerGbDay = TokenAmount.FromWholeTokens(priceTokens),
            Tier = tier,
            Region = "eu",
            Address = IPAddress.Parse(address),
            ExpiresAt = _time.GetUtcNow() + TimeSpan.FromHours(1),
        }.SignWith(signer);
    }

    private static ShardTerms Shard(int i, long size = 1000) => new(Hash256.Random(new Random(i)), size, Hash256.Random(new Random(i + 100)));

    private static PlacementRequest Request(int shards, int replicas = 1, long maxPrice = 1000) =>
        new([Enumerable.Range(0, shards).Select(i => Shard(i)).ToList()], StorageTier.Hot, replicas, TokenAmount.FromWholeTokens(maxPrice));

    [Fact]
    public void Publish_BadSignatureExpiredOrBanned_IsRefused()
    {
        var offer = Offer(1, "10.0.0.1", 100);
        Assert.False(_market.Publish(offer with { CapacityBytes = 5 }));
        Assert.False(_market.Publish(offer with { ExpiresAt = _time.GetUtcNow() }));
        _reputation.Adjust(offer.Host, -950);
        Assert.False(_market.Publish(offer));
        Assert.Equal(0, _market.Count);
    }

    [Fact]
    public void Match_PrefersCheapestThenHighestReputation()
    {
        var cheap = Offer(1, "10.0.1.1", 50);
        var pricey = Offer(2, "10.0.2.1", 90);
        var cheapLowRep = Offer(3, "10.0.3.1", 50);
        _reputation.Adjust(cheapLowRep.Host, -300);
        _reputation.Adjust(cheap.Host, 200);
        foreach (var o in new[] { cheap, pricey, cheapLowRep })
        {
            Assert.True(_market.Publish(o));
        }

        var result = _market.Match(Request(3));

        Assert.True(result.Complete);
        Assert.Equal([cheap.Host, cheapLowRep.Host, pricey.Host], result.Assignments.Select(a => a.Offer.Host).ToArray());
    }

    [Fact]
    public void Match_SameSegment_NeverSameHost_AvoidsSameSubnetWhenPossible()
    {
        var a1 = Offer(1, "192.168.7.1", 10);
        var a2 = Offer(2, "192.168.7.2", 11);
        var b = Offer(3, "192.168.8.1", 20);
        foreach (var o in new[] { a1, a2, b })
        {
            _market.Publish(o);
        }

        var result = _market.Match(Request(3));

        Assert.True(result.Complete);
        Assert.Equal(3, result.Assignments.Select(a => a.Offer.Host).Distinct().Count());
        Assert.Equal(a1.Host, result.Assignments[0].Offer.Host);
        Assert.Equal(b.Host, result.Assignments[1].Offer.Host);      // 192.168.7.0/24 is taken: the dearer /24 wins
        Assert.True(result.Assignments[2].SharedSubnet);               // only then is the subnet shared
    }

    [Fact]
    public void Match_NotEnoughHostsOrPriceTooHigh_PartialFill()
    {
        _market.Publish(Offer(1, "10.0.0.1", 10));
        _market.Publish(Offer(2, "10.0.1.1", 500));

        var result = _market.Match(Request(2, replicas: 2, maxPrice: 100));

        Assert.False(result.Complete);
        Assert.Single(result.Assignments);
        Assert.Equal(3, result.Unfilled.Sum(u => u.Missing));
    }

    [Fact]
    public void Match_LowReputationOrCapacity_NotChosen()
    {
        var low = Offer(1, "10.0.0.1", 10);
        var small = Offer(2, "10.0.1.1", 10, capacity: 500);
        var ok = Offer(3, "10.0.2.1", 30);
        foreach (var o in new[] { low, small, ok })
        {
            _market.Publish(o);
        }

        _reputation.Adjust(low.Host, -600);

        var result = _market.Match(Request(1));

        Assert.Equal(ok.Host, Assert.Single(result.Assignments).Offer.Host);
    }
}
