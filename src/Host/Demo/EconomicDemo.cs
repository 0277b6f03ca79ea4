using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Economic;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Host.Demo;

/// <summary>
/// The economic part of <c>zhtp demo</c>: a renter places three shards with two hosts over a DHT,
/// contracts are deployed to the k closest nodes, escrow is funded on a SQLite ledger, hosts are
/// audited hourly with BLAKE3 Merkle challenges sent as DHT requests, one host loses a shard and is
/// penalized, the other completes and is paid, and the balances are printed. Contract time runs
/// on a simulated clock (two one-day periods take well under a second); the network is real.
/// </summary>
internal static class EconomicDemo
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Runs the demo on its own in-memory DHT of eight nodes.</summary>
    public static async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var network = new InMemoryNetwork(new InMemoryNetworkOptions { LossRate = 0.0 });
        var signers = new List<INodeSigner>();
        var nodes = await network.StartNodesAsync(8, new DhtConfig { RequestTimeout = TimeSpan.FromMilliseconds(500) }, _ =>
        {
            var signer = NodeSigners.CreateEcdsaP256();
            signers.Add(signer);
            return signer;
        }, cancellationToken).ConfigureAwait(false);
        try
        {
            await RunAsync(nodes, signers, output, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Runs the demo on existing, joined DHT nodes (at least three): node 0 rents, nodes 1 and 2
    /// host. <paramref name="signers"/>[i] must be the signer of <paramref name="nodes"/>[i]. Registers a
    /// contract handler and an audit responder on every node.
    /// </summary>
    public static async Task RunAsync(IReadOnlyList<IDhtNode> nodes, IReadOnlyList<INodeSigner> signers, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(signers);
        ArgumentNullException.ThrowIfNull(output);
        if (nodes.Count < 3 || signers.Count != nodes.Count)
        {
            throw new ArgumentException("The economic demo needs at least three DHT nodes, each with its signer.", nameof(nodes));
        }

        var stores = new List<DemoShardStore>();
        for (var i = 0; i < nodes.Count; i++)
        {
            var adapter = signers[i];
            nodes[i].RegisterContractHandler(new DhtContractHandler(new ContractHolder(adapter)));
            var store = new DemoShardStore();
            stores.Add(store);
            DhtAuditChannel.Serve(nodes[i], new AuditResponder(adapter, store));
        }

        // Contract time is simulated (the DHT keeps real time): it moves only when the demo advances it.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var config = new EconomicConfig();
        var renter = signers[0];
        using var ledger = EconomicLedger.CreateInMemory();
        var payments = new PaymentProcessor(ledger, config);
        var reputation = new ReputationSystem(config, time);
        var pricing = new PricingEngine(config);
        var random = new Random(2026);
        var manager = new ContractManager(renter, new DhtContractReplicator(nodes[0]), payments, reputation, new QualityAssurance(new DhtAuditChannel(nodes[0]), time, random, renter), time, renter);

        output.WriteLine("== Economic layer: contracts, audits and payments over the DHT ==");
        output.WriteLine($"renter {Short(nodes[0].Self.Id)}, hosts {Short(nodes[1].Self.Id)} and {Short(nodes[2].Self.Id)}, {nodes.Count} DHT nodes");
        var shardBytes = Enumerable.Range(0, 3).Select(i => { var b = new byte[8 * 1024]; random.NextBytes(b); return b; }).ToList();
        var shards = shardBytes.Select(b => new ShardTerms(Blake3Hashing.Compute(b), b.Length, ShardMerkleTree.ComputeRoot(b))).ToList();
        ledger.Post(LedgerPosting.OneLeg("demo/mint", PostingKind.Mint, AccountId.Mint, AccountId.User(nodes[0].Self.Id), TokenAmount.FromWholeTokens(10_000)));
        output.WriteLine("minted 10000 tokens to the renter");

        var contracts = new List<StorageContract>();
        foreach (var h in new[] { 1, 2 })
        {
            var host = signers[h];
            foreach (var (shard, bytes) in shards.Zip(shardBytes))
            {
                stores[h].Put(shard.ShardId, bytes);
            }

            var quote = new QuoteIssuer(pricing, host, time, random).Issue(new QuoteRequest(shards.Sum(s => s.SizeBytes), TimeSpan.FromDays(2), StorageTier.Warm, 3), MarketConditions.Default);
            output.WriteLine(string.Create(Invariant, $"quote from {Short(nodes[h].Self.Id)}: subtotal {quote.Price.Subtotal}, network fee {quote.Price.NetworkFee}, escrow fee {quote.Price.EscrowFee}, total {quote.Price.Total} tokens for 3 replicas, expires {quote.ExpiresAt:HH:mm}"));
            var draft = ContractDrafts.ForPlacement(quote, renter.PublicKey, [host.PublicKey], shards, time.GetUtcNow(), config.BillingPeriod)[0];
            var signed = new HostAgent(host, stores[h], pricing, host, time).Sign(draft.SignAsRenter(renter), quote);
            var (_, replication) = await manager.DeployAsync(signed, cancellationToken).ConfigureAwait(false);
            output.WriteLine($"contract {Short(signed.ContractId)} with {Short(signed.Host)}: value {signed.Value}, fees {signed.Fees}; deployed to {replication.Accepted} holders (each verified both signatures)");
            var record = await manager.ActivateAsync(signed.ContractId, cancellationToken).ConfigureAwait(false);
            output.WriteLine($"  escrow funded: {payments.Locked(signed)} tokens locked; state {record.State}");
            contracts.Add(signed);
        }

        var lost = shards[1];
        for (var period = 0; period < 2; period++)
        {
            if (period == 1)
            {
                stores[2].Drop(lost.ShardId);
                output.WriteLine($"-- host {Short(nodes[2].Self.Id)} loses shard {Short(lost.ShardId)} --");
            }

            var passed = contracts.ToDictionary(c => c.ContractId, _ => 0);
            var sent = contracts.ToDictionary(c => c.ContractId, _ => 0);
            for (var hour = 0; hour < 24; hour++)
            {
                foreach (var c in contracts.Where(c => manager.Get(c.ContractId).State == ContractState.Monitoring))
                {
                    var outcome = await manager.AuditAsync(c.ContractId, cancellationToken).ConfigureAwait(false);
                    sent[c.ContractId]++;
                    passed[c.ContractId] += outcome.Result == AuditResult.Passed ? 1 : 0;
                }

                time.Advance(TimeSpan.FromHours(1));
            }

            output.WriteLine($"day {period + 1}:");
            foreach (var c in contracts.Where(c => manager.Get(c.ContractId).State == ContractState.Monitoring))
            {
                var report = await manager.ClosePeriodAsync(c.ContractId, period, cancellationToken).ConfigureAwait(false);
                var verdict = report.Penalized is { } v ? $"VIOLATION {v}: slashed {report.Slashed}, refunded {report.Refunded}" : report.Evaluation.Passed ? $"passed, released {report.Released}" : $"failed, refunded {report.Refunded}";
                output.WriteLine(string.Create(Invariant, $"  {Short(c.Host)}: {passed[c.ContractId]}/{sent[c.ContractId]} Merkle audits passed, integrity {report.Evaluation.Integrity:0.00}, score {report.Evaluation.QualityScore:0.00} → {verdict}; reputation {report.Reputation}; state {report.State}"));
            }
        }

        var (final, paid, bonus) = await manager.CompleteAsync(contracts[0].ContractId, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"contract {Short(contracts[0].ContractId)} completed: {paid} paid at completion, bonus {bonus}; state {final.State}");
        foreach (var c in contracts)
        {
            var statuses = await new DhtContractReplicator(nodes[^1]).QueryAsync(c.ContractId, cancellationToken).ConfigureAwait(false);
            output.WriteLine($"ContractQuery {Short(c.ContractId)}: {statuses.Count} holders, states [{string.Join(", ", statuses.Select(s => s.State).Distinct())}], sequence {statuses.Select(s => s.Sequence).DefaultIfEmpty().Max()}");
        }

        output.WriteLine("balances:");
        foreach (var (account, balance) in ledger.GetBalances().Where(b => b.Key.Kind != AccountKind.Mint && !b.Value.IsZero))
        {
            output.WriteLine(string.Create(Invariant, $"  {Label(account, nodes),-24} {balance,12}"));
        }

        var check = ledger.CheckInvariants();
        output.WriteLine(string.Create(Invariant, $"ledger: supply {check.TotalSupply}, sum of balances {check.SumOfBalances}, escrow {check.EscrowBalance} = locked {check.LockedByContracts}: {(check.IsConsistent ? "consistent" : string.Join("; ", check.Violations))}"));
    }

    private static string Short(NodeId id) => id.ToString()[..8];

    private static string Short(Hash256 id) => id.ToString()[..8];

    private static string Label(AccountId account, IReadOnlyList<IDhtNode> nodes) => account.Kind switch
    {
        AccountKind.User when account.Name == nodes[0].Self.Id.ToString() => "renter",
        AccountKind.Host => $"host {account.Name[..8]}",
        AccountKind.Escrow => $"escrow {account.Name[..8]}",
        AccountKind.Treasury => "treasury",
        AccountKind.PenaltyPool => "penalty pool",
        _ => account.Key,
    };

    private sealed class DemoShardStore : IShardStore
    {
        private readonly Dictionary<Hash256, byte[]> _shards = [];
        private readonly Lock _gate = new();

        public void Put(Hash256 id, byte[] bytes)
        {
            lock (_gate)
            {
                _shards[id] = bytes;
            }
        }

        public void Drop(Hash256 id)
        {
            lock (_gate)
            {
                _shards.Remove(id);
            }
        }

        public ValueTask<ReadOnlyMemory<byte>?> GetAsync(Hash256 shardId, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                return ValueTask.FromResult(_shards.TryGetValue(shardId, out var bytes) ? (ReadOnlyMemory<byte>?)bytes : null);
            }
        }
    }
}
