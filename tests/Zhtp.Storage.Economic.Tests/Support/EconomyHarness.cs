using Microsoft.Extensions.Time.Testing;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Economic.Tests;

/// <summary>
/// A renter, a few hosts with shards, an in-memory ledger and audit network, contract holders and
/// a ContractManager on a fake clock: the whole economic layer in one process.
/// </summary>
internal sealed class EconomyHarness : IDisposable
{
    public EconomyHarness(int hosts = 3, int seed = 1, IEconomicLedger? ledger = null, IContractReplicator? replicator = null, RenterStore? renterStore = null, IAuditKeys? auditKeys = null)
    {
        Random = new Random(seed);
        Ledger = ledger ?? EconomicLedger.CreateInMemory();
        Renter = NodeSigners.CreateEcdsaP256FromSeed(seed * 1000);
        Pricing = new PricingEngine(Config);
        Payments = new PaymentProcessor(Ledger, Config);
        Reputation = new ReputationSystem(Config, Time);
        Network = new InMemoryAuditNetwork(Time);
        Holders = Enumerable.Range(0, 3).Select(_ => new ContractHolder(NodeSigners.EcdsaP256Verifier)).ToList();
        Replicator = replicator ?? new InMemoryContractReplicator(Holders);
        Manager = new ContractManager(Renter, Replicator, Payments, Reputation, new QualityAssurance(Network, Time, Random, NodeSigners.EcdsaP256Verifier, auditKeys), Time, NodeSigners.EcdsaP256Verifier, store: renterStore);
        for (var i = 0; i < 3; i++)
        {
            var bytes = new byte[4096 + (i * 1500)];
            Random.NextBytes(bytes);
            ShardBytes.Add(bytes);
            Shards.Add(new ShardTerms(Blake3Hashing.Compute(bytes), bytes.Length, ShardMerkleTree.ComputeRoot(bytes)));
        }

        for (var h = 0; h < hosts; h++)
        {
            var signer = NodeSigners.CreateEcdsaP256FromSeed((seed * 1000) + h + 1);
            var store = new MemoryShardStore();
            for (var i = 0; i < Shards.Count; i++)
            {
                store.Put(Shards[i].ShardId, ShardBytes[i]);
            }

            HostSigners.Add(signer);
            Stores.Add(store);
            Agents.Add(new HostAgent(signer, store, Pricing, NodeSigners.EcdsaP256Verifier, Time));
            Network.Add(signer.PublicKey, Agents[h].Responder);
        }
    }

    public EconomicConfig Config { get; } = new();

    /// <summary>Where contract time starts in the economic tests.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);

    /// <summary>Contract time: moves only when a test (or a slow host of <see cref="InMemoryAuditNetwork"/>) advances it.</summary>
    public FakeTimeProvider Time { get; } = new(Start);

    public Random Random { get; }

    public IEconomicLedger Ledger { get; }

    public INodeSigner Renter { get; }

    public PricingEngine Pricing { get; }

    public PaymentProcessor Payments { get; }

    public ReputationSystem Reputation { get; }

    public InMemoryAuditNetwork Network { get; }

    public List<ContractHolder> Holders { get; }

    public IContractReplicator Replicator { get; }

    public ContractManager Manager { get; private set; }

    /// <summary>A renter restart: a new manager (fresh memory, new audit randomness) on <paramref name="store"/>; the old one must not be used again.</summary>
    public ContractManager RestartManager(RenterStore store, int auditSeed)
    {
        Manager = new ContractManager(
            Renter, Replicator, Payments, Reputation, new QualityAssurance(Network, Time, new Random(auditSeed), NodeSigners.EcdsaP256Verifier), Time, NodeSigners.EcdsaP256Verifier, store: store);
        return Manager;
    }

    public List<byte[]> ShardBytes { get; } = [];

    public List<ShardTerms> Shards { get; } = [];

    public List<INodeSigner> HostSigners { get; } = [];

    public List<MemoryShardStore> Stores { get; } = [];

    public List<HostAgent> Agents { get; } = [];

    public AccountId RenterAccount => AccountId.User(NodeId.FromPublicKey(Renter.PublicKey.Span));

    public AccountId HostAccount(int host) => AccountId.Host(NodeId.FromPublicKey(HostSigners[host].PublicKey.Span));

    public static QuoteRequest Request(int days = 3) => new(20_000, TimeSpan.FromDays(days), StorageTier.Hot, 3);

    public void MintToRenter(long tokens) =>
        Ledger.Post(LedgerPosting.OneLeg($"mint/{Guid.NewGuid()}", PostingKind.Mint, AccountId.Mint, RenterAccount, TokenAmount.FromWholeTokens(tokens)));

    /// <summary>Quote from host h, draft, both signatures: a contract ready to deploy.</summary>
    public StorageContract SignedContract(int host, QuoteRequest? request = null)
    {
        var quote = new QuoteIssuer(Pricing, HostSigners[host], Time, Random).Issue(request ?? Request(), MarketConditions.Default);
        var draft = ContractDrafts.ForPlacement(quote, Renter.PublicKey, [HostSigners[host].PublicKey], Shards, Time.GetUtcNow(), Config.BillingPeriod)[0];
        return Agents[host].Sign(draft.SignAsRenter(Renter), quote);
    }

    /// <summary>Deploys and funds a contract with host h.</summary>
    public async Task<StorageContract> ActiveContractAsync(int host, QuoteRequest? request = null)
    {
        var contract = SignedContract(host, request);
        await Manager.DeployAsync(contract, CancellationToken.None);
        await Manager.ActivateAsync(contract.ContractId, CancellationToken.None);
        return contract;
    }

    /// <summary>Audits hourly through one period (24 audits), then closes it.</summary>
    public async Task<PeriodReport> RunPeriodAsync(StorageContract contract, int period, Action<int>? eachHour = null)
    {
        var periodEnd = contract.StartsAt + (contract.BillingPeriod * (period + 1));
        for (var hour = 0; hour < 24; hour++)
        {
            eachHour?.Invoke(hour);
            await Manager.AuditAsync(contract.ContractId, CancellationToken.None);
            var next = Time.GetUtcNow() + TimeSpan.FromHours(1);
            Time.SetUtcNow(next > periodEnd ? periodEnd : next);
        }

        if (Time.GetUtcNow() < periodEnd)
        {
            Time.SetUtcNow(periodEnd);
        }

        return await Manager.ClosePeriodAsync(contract.ContractId, period, CancellationToken.None);
    }

    public void Dispose()
    {
        Ledger.Dispose();
        Renter.Dispose();
        foreach (var signer in HostSigners)
        {
            signer.Dispose();
        }
    }
}
