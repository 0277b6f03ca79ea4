using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Zhtp.Storage.Content;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Economic;
using Zhtp.Storage.Economic.Attestations;
using Zhtp.Storage.Economic.Audits;
using Zhtp.Storage.Economic.Contracts;
using Zhtp.Storage.Economic.Hosting;
using Zhtp.Storage.Economic.Ledger;
using Zhtp.Storage.Economic.Market;
using Zhtp.Storage.Economic.Messaging;
using Zhtp.Storage.Economic.Payments;
using Zhtp.Storage.Economic.Pricing;
using Zhtp.Storage.Economic.Replication;
using Zhtp.Storage.Economic.Reputation;
using Zhtp.Storage.Economic.Tokens;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Unified.Economics;

/// <summary>
/// One node's part in the storage market (economics enabled): the host side (<see cref="EconomicHosting.AttachHost"/>
/// over the node's record store) and the renter side — the ledger (with the development faucet), reputation, the
/// market, the contract manager and the <see cref="MarketPlacement"/> that content uploads place through. Contract
/// time (quotes, periods, audits) runs on its own clock; a loop ticks the contract manager on it.
/// </summary>
internal sealed class NodeMarket : IAsyncDisposable
{
    /// <summary>Most shards in one contract (64 encode to about 6 KB with ECDSA P-256 keys: such a contract and its sign request go over the bulk channel).</summary>
    public const int MaxShardsPerContract = 64;

    private readonly List<IDisposable> _owned = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<ContentId, ConcurrentBag<Hash256>> _byContent = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger;
    private Task _loop = Task.CompletedTask;

    private NodeMarket(IDhtNode node, INodeSigner signer, ZhtpStorageOptions options, TimeProvider time, ILogger logger)
    {
        Node = node;
        Signer = signer;
        Options = options;
        Time = time;
        _logger = logger;
        Config = options.Economic;
        Pricing = new PricingEngine(Config);
        Client = new MarketClient(node, Pricing, signer, time);
    }

    public IDhtNode Node { get; }

    public INodeSigner Signer { get; }

    public ZhtpStorageOptions Options { get; }

    public EconomicConfig Config { get; }

    public TimeProvider Time { get; }

    public PricingEngine Pricing { get; }

    public MarketClient Client { get; }

    public IEconomicHost Host { get; private set; } = null!;

    public IEconomicLedger Ledger { get; private set; } = null!;

    public PaymentProcessor Payments { get; private set; } = null!;

    public ReputationSystem Reputation { get; private set; } = null!;

    public MarketManager Market { get; private set; } = null!;

    public ContractManager Contracts { get; private set; } = null!;

    public MarketPlacement Placement { get; private set; } = null!;

    /// <summary>How long the last contract round took (exact quotes, host signatures, deploy, escrow funding).</summary>
    public TimeSpan LastContractRound { get; private set; }

    /// <summary>The renter's ledger account (its node id).</summary>
    public AccountId Account => AccountId.User(Node.Self.Id);

    /// <summary>Opens the market of a node: stores in <paramref name="directory"/>/economic (null: in memory), faucet, host handlers, tick loop.</summary>
    public static NodeMarket Open(IDhtNode node, INodeSigner signer, IRecordStore records, ZhtpStorageOptions options, string? directory, TimeProvider time, ILogger logger)
    {
        var market = new NodeMarket(node, signer, options, time, logger);
        try
        {
            market.Build(records, directory);
            return market;
        }
        catch
        {
            market.DisposeStores();
            throw;
        }
    }

    private void Build(IRecordStore records, string? directory)
    {
        string? dir = directory is null ? null : Path.Combine(directory, "economic");
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        IContractStore? held = dir is null ? null : Own(ContractStores.OpenSqlite(Path.Combine(dir, "held-contracts.db")));
        Host = EconomicHosting.AttachHost(Node, Signer, EconomicHosting.ShardsIn(records, Time), new EconomicHostOptions { Config = Config, Time = Time, ContractStore = held, AcknowledgeWithBls = Options.BlsAcknowledgements, BlsHolderKey = Options.BlsAcknowledgements && dir is not null ? Own(HolderBlsKeyFile.LoadOrCreate(Path.Combine(dir, HolderBlsKeyFile.FileName))) : null });
        Ledger = Own(dir is null ? EconomicLedger.CreateInMemory() : EconomicLedger.OpenSqlite(Path.Combine(dir, "ledger.db")));
        Payments = new PaymentProcessor(Ledger, Config);
        ReputationStore? reputationStore = dir is null ? null : Own(ReputationStore.OpenSqlite(Path.Combine(dir, "reputation.db")));
        Reputation = new ReputationSystem(Config, Time, reputationStore);
        Market = new MarketManager(Reputation, Signer, Time);
        RenterStore? renterStore = dir is null ? null : Own(RenterStore.OpenSqlite(Path.Combine(dir, "renter.db")));
        var holderKeys = new HolderKeyDirectory(Node, Signer);
        if (Host.HolderKey is { } own)
        {
            holderKeys.Add(own);
        }

        var audits = new QualityAssurance(new DhtAuditChannel(Node), Time, new Random(BitConverter.ToInt32(Signer.PublicKey.Span[^4..])), Signer, holderKeys);

        Contracts = new ContractManager(Signer, new DhtContractReplicator(Node, holderKeys, Signer), Payments, Reputation, audits, Time, Signer, store: renterStore);
        Placement = new MarketPlacement(this);
        if (Options.DevFaucetTokens > 0)
        {
            TokenAmount amount = TokenAmount.FromTokens(Options.DevFaucetTokens);
            Ledger.Post(LedgerPosting.OneLeg($"faucet/{Node.Self.Id}/{amount.Micros}", PostingKind.Mint, AccountId.Mint, Account, amount));
        }

        _loop = TickLoopAsync(_stopping.Token);
    }

    /// <summary>The contracts made for <paramref name="content"/> (uploads and repairs), oldest first.</summary>
    public IReadOnlyList<ContractRecord> ContractsOf(ContentId content) =>
        _byContent.TryGetValue(content, out var ids) ? ids.Select(Contracts.Get).OrderBy(r => r.Contract.StartsAt).ToList() : [];

    /// <summary>The renter's current record of <paramref name="contractId"/> (state, periods, penalties).</summary>
    public ContractRecord GetContract(Hash256 contractId) => Contracts.Get(contractId);

    /// <summary>The reputation score this node's market keeps for <paramref name="host"/>.</summary>
    public int ReputationOf(NodeId host) => Reputation.GetScore(host);

    /// <summary>Audits due contracts, closes ended periods (pay, refund, penalize, reputation) and settles finished contracts.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Contracts.TickAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>One audit of every monitored contract now (a random Merkle leaf of a random shard each), in parallel.</summary>
    public async Task<IReadOnlyList<(ContractRecord Contract, AuditOutcome Outcome)>> AuditAllAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var live = Contracts.Contracts.Values.Where(r => r.State == ContractState.Monitoring).ToList();
            var outcomes = new List<(ContractRecord, AuditOutcome)>();
            foreach (ContractRecord record in live)
            {
                outcomes.Add((record, await Contracts.AuditAsync(record.Contract.ContractId, cancellationToken).ConfigureAwait(false)));
            }

            return outcomes;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Quotes, signs, deploys and funds one contract per host for the shards it accepted (at most <see cref="MaxShardsPerContract"/> shards each).</summary>
    /// <exception cref="ContentException">A host did not quote or sign, or the renter cannot fund the escrow; contracts funded by this call are terminated (refunded).</exception>
    public async Task ContractAsync(ContentId content, IReadOnlyList<(Contact Host, IReadOnlyList<ShardTerms> Shards)> placed, CancellationToken cancellationToken)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        var chunks = placed.SelectMany(p => p.Shards.DistinctBy(s => s.ShardId).OrderBy(s => s.ShardId).Chunk(MaxShardsPerContract).Select(c => (p.Host, Shards: (IReadOnlyList<ShardTerms>)c))).ToList();
        StorageContract[] signed;
        try
        {
            signed = await Task.WhenAll(chunks.Select(c => SignWithAsync(c.Host, c.Shards, cancellationToken))).ConfigureAwait(false);
        }
        catch (ContractException e)
        {
            throw new ContentException($"Market placement of content {content} failed: {e.Message} Nothing was published.", e);
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var funded = new List<Hash256>();
        try
        {
            // Contracts are independent: deploy and fund them in parallel (the ledger and stores are thread-safe).
            await Task.WhenAll(signed.Select(async contract =>
            {
                await Contracts.DeployAsync(contract, cancellationToken).ConfigureAwait(false);
                await Contracts.ActivateAsync(contract.ContractId, cancellationToken).ConfigureAwait(false);
                lock (funded)
                {
                    funded.Add(contract.ContractId);
                }
            })).ConfigureAwait(false);
        }
        catch (Exception e) when (e is LedgerException or ContractException)
        {
            foreach (Hash256 id in funded)
            {
                await Contracts.TerminateAsync(id, CancellationToken.None).ConfigureAwait(false);
            }

            TokenAmount needed = signed.Aggregate(TokenAmount.Zero, (sum, c) => sum + c.Value + c.Fees);
            throw new ContentException(
                $"Market placement of content {content} failed: {e.Message} The {signed.Length} contracts need {needed} tokens; this renter has {Ledger.GetBalance(Account)} (on a development cluster, set Zhtp:DevFaucetTokens). Nothing was published.", e);
        }
        finally
        {
            _gate.Release();
        }

        LastContractRound = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        ConcurrentBag<Hash256> ids = _byContent.GetOrAdd(content, _ => []);
        foreach (Hash256 id in funded)
        {
            ids.Add(id);
        }
    }

    private async Task<StorageContract> SignWithAsync(Contact host, IReadOnlyList<ShardTerms> shards, CancellationToken cancellationToken)
    {
        var request = new QuoteRequest(shards.Sum(s => s.SizeBytes), Options.ContractDuration, Options.ContractTier, Config.DefaultReplication);
        MarketQuote quote = await Client.RequestQuoteAsync(host, request, cancellationToken).ConfigureAwait(false)
            ?? throw new ContractException($"Host {host.Id} gave no valid quote for {request.SizeBytes} bytes.");
        StorageContract draft = ContractDrafts.ForPlacement(quote.Quote, Signer.PublicKey, [quote.Quote.HostPublicKey], shards, Time.GetUtcNow(), Config.BillingPeriod, new SlaTerms { AuditInterval = Config.AuditInterval })[0];
        return await Client.RequestSignatureAsync(host, draft.SignAsRenter(Signer), cancellationToken).ConfigureAwait(false);
    }

    private async Task TickLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Options.ContractTickInterval, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await TickAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is ContractException or LedgerException or DhtException)
                {
                    Runtime.Log.MarketTickFailed(_logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private void DisposeStores()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        _owned.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await _gate.WaitAsync().ConfigureAwait(false);
        DisposeStores();
        _stopping.Dispose();
        _gate.Dispose();
    }
}
