using Microsoft.Extensions.Time.Testing;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Economic.Tests.Attestations;

/// <summary>Storage contracts signed by the renter and a fresh host over random shards, for the attestation tests.</summary>
internal static class SignedContracts
{
    /// <summary>A contract of <paramref name="shards"/> random shards of <paramref name="size"/> bytes each, quoted, drafted and signed by both parties.</summary>
    public static StorageContract Build(INodeSigner renter, int shards, Random random, Func<Random, int> size)
    {
        var time = new FakeTimeProvider(EconomyHarness.Start);
        using var host = NodeSigners.CreateEcdsaP256();
        var store = new MemoryShardStore();
        var terms = new List<ShardTerms>();
        for (var i = 0; i < shards; i++)
        {
            var bytes = new byte[size(random)];
            random.NextBytes(bytes);
            var id = Blake3Hashing.Compute(bytes);
            store.Put(id, bytes);
            terms.Add(new ShardTerms(id, bytes.Length, ShardMerkleTree.ComputeRoot(bytes)));
        }

        var pricing = new PricingEngine(new EconomicConfig());
        var quote = new QuoteIssuer(pricing, host, time, random).Issue(new QuoteRequest(terms.Sum(s => s.SizeBytes), TimeSpan.FromDays(2), StorageTier.Warm, 3), MarketConditions.Default);
        var draft = ContractDrafts.ForPlacement(quote, renter.PublicKey, [host.PublicKey], terms, time.GetUtcNow(), TimeSpan.FromDays(1))[0];
        return new HostAgent(host, store, pricing, host, time).Sign(draft.SignAsRenter(renter), quote);
    }
}
