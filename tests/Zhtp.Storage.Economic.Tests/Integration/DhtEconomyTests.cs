using Microsoft.Extensions.Time.Testing;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Economic.Attestations;
using Zhtp.Storage.Testing;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Economic.Tests.Integration;

/// <summary>
/// The economic layer over a real in-memory DHT: contracts deployed to the k closest nodes with
/// ContractDeploy (every holder verifies both signatures), advanced with ContractExecute carrying
/// signed transitions (every holder runs the state machine), read back with ContractQuery; audits
/// sent to the hosts as direct DHT requests. The DHT runs on its own fake clock, advanced only while
/// the network is idle (<see cref="NetworkClock"/>); contract time is a second fake clock moved by the test.
/// </summary>
public sealed class DhtEconomyTests : IAsyncLifetime
{
    private readonly List<INodeSigner> _signers = [];
    private readonly List<ContractHolder> _holders = [];
    private readonly List<MemoryShardStore> _stores = [];
    private readonly List<Zhtp.Storage.Types.Cryptography.Bls12381.SecretKey> _blsKeys = [];
    private readonly List<HolderKey> _holderKeys = [];
    private readonly NetworkClock _dht = NetworkClock.Create(new InMemoryNetworkOptions { LossRate = 0.0 });
    private IReadOnlyList<IDhtNode> _nodes = [];

    public async Task InitializeAsync()
    {
        var config = new DhtConfig { RequestTimeout = TimeSpan.FromMilliseconds(500) };
        _nodes = await _dht.RunAsync(() => _dht.Network.StartNodesAsync(10, config, i =>
        {
            var signer = NodeSigners.CreateEcdsaP256();
            _signers.Add(signer);
            return signer;
        }));
        foreach (var (node, i) in _nodes.Select((n, i) => (n, i)))
        {
            var holder = new ContractHolder(_signers[i]);
            _holders.Add(holder);
            var blsKey = Zhtp.Storage.Types.Cryptography.Bls12381.SecretKey.KeyGen(Enumerable.Repeat((byte)(i + 1), 32).ToArray());
            _blsKeys.Add(blsKey);
            var attestor = new HolderAttestor(_signers[i], blsKey);
            _holderKeys.Add(attestor.Key!);
            node.RegisterContractHandler(new DhtContractHandler(holder, attestor));
            HolderKeyDirectory.Serve(node, attestor.Key!);
            var store = new MemoryShardStore();
            _stores.Add(store);
            DhtAuditChannel.Serve(node, new AuditResponder(_signers[i], store));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        foreach (var key in _blsKeys)
        {
            key.Dispose();
        }
    }

    [Fact]
    public async Task HonestHostPaid_DroppingHostPenalized_OverDht()
    {
        var time = new FakeTimeProvider(EconomyHarness.Start);
        var config = new EconomicConfig();
        var renter = _signers[0];
        using var ledger = EconomicLedger.CreateInMemory();
        var payments = new PaymentProcessor(ledger, config);
        var reputation = new ReputationSystem(config, time);
        var keys = new HolderKeyDirectory(_nodes[0], renter);
        Assert.True(keys.Add(_holderKeys[0]));
        var manager = new ContractManager(
            renter, new DhtContractReplicator(_nodes[0], keys, renter), payments, reputation,
            new QualityAssurance(new DhtAuditChannel(_nodes[0]), time, new Random(3), renter), time, renter);
        var pricing = new PricingEngine(config);
        var random = new Random(9);
        var shardBytes = Enumerable.Range(0, 3).Select(i => { var b = new byte[3000 + (i * 2000)]; random.NextBytes(b); return b; }).ToList();
        var shards = shardBytes.Select(b => new ShardTerms(Blake3Hashing.Compute(b), b.Length, ShardMerkleTree.ComputeRoot(b))).ToList();
        ledger.Post(LedgerPosting.OneLeg("mint", PostingKind.Mint, AccountId.Mint, AccountId.User(_nodes[0].Self.Id), TokenAmount.FromWholeTokens(50_000)));

        var contracts = new List<StorageContract>();
        foreach (var hostIndex in new[] { 1, 2 })
        {
            var host = _signers[hostIndex];
            foreach (var (shard, bytes) in shards.Zip(shardBytes))
            {
                _stores[hostIndex].Put(shard.ShardId, bytes);
            }

            var quote = new QuoteIssuer(pricing, host, time, random).Issue(new QuoteRequest(20_000, TimeSpan.FromDays(2), StorageTier.Warm, 3), MarketConditions.Default);
            var draft = ContractDrafts.ForPlacement(quote, renter.PublicKey, [host.PublicKey], shards, time.GetUtcNow(), config.BillingPeriod)[0];
            var signed = new HostAgent(host, _stores[hostIndex], pricing, host, time).Sign(draft.SignAsRenter(renter), quote);
            Assert.Equal(_nodes[hostIndex].Self.Id, signed.Host);
            var (_, replication) = await _dht.RunAsync(() => manager.DeployAsync(signed, CancellationToken.None));
            Assert.True(replication.Accepted >= 3, string.Join("; ", replication.Errors));
            await _dht.RunAsync(() => manager.ActivateAsync(signed.ContractId, CancellationToken.None));
            contracts.Add(signed);
        }

        var honest = contracts[0];
        var dropping = contracts[1];
        _stores[2].Drop(shards[0].ShardId);
        _stores[2].Drop(shards[2].ShardId);
        for (var period = 0; period < 2; period++)
        {
            for (var hour = 0; hour < 24; hour++)
            {
                await _dht.RunAsync(() => manager.AuditAsync(honest.ContractId, CancellationToken.None));
                if (manager.Get(dropping.ContractId).State == ContractState.Monitoring)
                {
                    await _dht.RunAsync(() => manager.AuditAsync(dropping.ContractId, CancellationToken.None));
                }

                time.Advance(TimeSpan.FromHours(1));
            }

            var good = await _dht.RunAsync(() => manager.ClosePeriodAsync(honest.ContractId, period, CancellationToken.None));
            Assert.True(good.Evaluation.Passed);

            // The period's steps, each acknowledged by the holders, combine into one signature verified at once.
            var attested = Assert.IsType<PeriodAttestation>(manager.LastPeriodAttestationOf(honest.ContractId));
            Assert.Equal(96, attested.Combined.Length);
            Assert.True(attested.Verify(keys.Find));
            Assert.Equal(manager.Get(honest.ContractId).Sequence, attested.Steps[^1].Sequence);
            Assert.Equal(period == 0 ? 0 : attested.Steps[^1].Sequence, attested.Steps[0].Sequence);
            Assert.All(attested.Steps, a => Assert.True(a.BlsSigners.Count >= 3));
            if (period == 0)
            {
                // deploy, Fund, BeginMonitoring, PassPeriod: one step's aggregate alone does not stand for all four.
                Assert.Equal(4, attested.Steps.Count);
                Assert.False(ContractAttestation.VerifyCombined(attested.Steps, attested.Steps[0].Aggregate.Span, keys.Find));
            }
            if (manager.Get(dropping.ContractId).State == ContractState.Monitoring)
            {
                var bad = await _dht.RunAsync(() => manager.ClosePeriodAsync(dropping.ContractId, period, CancellationToken.None));
                Assert.Equal(ViolationKind.DataLoss, bad.Penalized);
                Assert.Equal(ContractState.Settlement, bad.State);
            }
        }

        var (record, _, _) = await _dht.RunAsync(() => manager.CompleteAsync(honest.ContractId, CancellationToken.None));
        Assert.Equal(ContractState.Settlement, record.State);

        // Honest host: value 600 (20 kB → 1 GB, 2 days, warm ×3, one of 3 replicas) plus its bonus, capped by the treasury.
        Assert.Equal(honest.Value + TokenAmount.Min(honest.MaxPerformanceBonus, honest.Fees + dropping.Fees), ledger.GetBalance(AccountId.Host(_nodes[1].Self.Id)));
        Assert.Equal(TokenAmount.Zero, ledger.GetBalance(AccountId.Host(_nodes[2].Self.Id)));
        Assert.True(reputation.GetScore(_nodes[1].Self.Id) > 1000);
        Assert.True(reputation.GetScore(_nodes[2].Self.Id) < 1000);
        var penalty = PaymentProcessor.PenaltyFor(dropping, ViolationKind.DataLoss);
        Assert.Equal(penalty.MulDiv(10, 100), ledger.GetBalance(AccountId.PenaltyPool));
        Assert.Equal(
            TokenAmount.FromWholeTokens(50_000) - honest.Value - honest.Fees - dropping.Fees - penalty.MulDiv(10, 100),
            ledger.GetBalance(AccountId.User(_nodes[0].Self.Id)));
        Assert.True(ledger.CheckInvariants().IsConsistent);

        // Every holder that has the contracts agrees with the renter, checked by ContractQuery.
        foreach (var contract in contracts)
        {
            var expected = ContractStatus.Of(manager.Get(contract.ContractId));
            var statuses = await _dht.RunAsync(() => new DhtContractReplicator(_nodes[5]).QueryAsync(contract.ContractId, CancellationToken.None));
            Assert.True(statuses.Count >= 3);
            Assert.All(statuses, s => Assert.Equal(expected, s));
        }

        Assert.Equal(ContractState.Settlement, _holders.Select(h => h.Query(dropping.ContractId)).OfType<ContractStatus>().First().State);
    }

    [Fact]
    public async Task ForgedTransition_IsRejectedByEveryHolder()
    {
        var time = new FakeTimeProvider(EconomyHarness.Start);
        var renter = _signers[0];
        var host = _signers[1];
        var shard = new ShardTerms(Hash256.Random(new Random(1)), 600, Hash256.Random(new Random(2)));
        var quote = new QuoteIssuer(new PricingEngine(new EconomicConfig()), host, time, new Random(4)).Issue(new QuoteRequest(600, TimeSpan.FromDays(1), StorageTier.Cold, 3), MarketConditions.Default);
        var contract = ContractDrafts.ForPlacement(quote, renter.PublicKey, [host.PublicKey], [shard], time.GetUtcNow(), TimeSpan.FromDays(1))[0]
            .SignAsRenter(renter).SignAsHost(host);
        var replicator = new DhtContractReplicator(_nodes[3]);
        Assert.True((await _dht.RunAsync(() => replicator.DeployAsync(contract, CancellationToken.None))).Accepted >= 3);

        // The host may not fund on the renter's behalf, and a third node may not sign at all.
        var byHost = ContractTransition.Create(contract.ContractId, 1, ContractEvent.Fund, time.GetUtcNow(), host);
        var byStranger = ContractTransition.Create(contract.ContractId, 1, ContractEvent.Fund, time.GetUtcNow(), _signers[7]);
        var outOfOrder = ContractTransition.Create(contract.ContractId, 2, ContractEvent.BeginMonitoring, time.GetUtcNow(), renter);

        foreach (var bad in new[] { byHost, byStranger, outOfOrder })
        {
            var result = await _dht.RunAsync(() => replicator.ExecuteAsync(bad, CancellationToken.None));
            Assert.Equal(0, result.Accepted);
            Assert.NotEmpty(result.Errors);
        }

        var good = await _dht.RunAsync(() => replicator.ExecuteAsync(ContractTransition.Create(contract.ContractId, 1, ContractEvent.Fund, time.GetUtcNow(), renter), CancellationToken.None));
        Assert.True(good.Accepted >= 3);
        var statuses = await _dht.RunAsync(() => replicator.QueryAsync(contract.ContractId, CancellationToken.None));
        Assert.All(statuses, s => Assert.Equal(ContractState.Active, s.State));
    }
}
