using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Zhtp.Storage.Content;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Economic.Audits;
using Zhtp.Storage.Economic.Contracts;
using Zhtp.Storage.Economic.Ledger;
using Zhtp.Storage.Economic.Tokens;
using Zhtp.Storage.Types;
using Zhtp.Storage.Unified.Economics;
using Zhtp.Storage.Unified.Runtime;
using Zhtp.Storage.Unified.Tests.Support;

namespace Zhtp.Storage.Unified.Tests;

/// <summary>The market on real content: eight loopback systems with economics on, contract time simulated.</summary>
public sealed class MarketTests
{
    private const int Nodes = 8;

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;

    private static FakeTimeProvider NewClock() => new(DateTimeOffset.UtcNow);

    private static ZhtpStorageOptions Market(int i) => new() { EconomicsEnabled = true, DevFaucetTokens = 1_000_000m };

    private static StorageStack Stack(IUnifiedStorageSystem system) => ((UnifiedStorageSystem)system).Stack;

    private static NodeMarket MarketOf(IUnifiedStorageSystem system) => Stack(system).Market!;

    [Fact(Timeout = 120_000)]
    public async Task Upload_MakesOneFundedContractPerHolder_AndAuditsPassOverTheRealShards()
    {
        FakeTimeProvider clock = NewClock();
        await using SystemCluster cluster = await SystemCluster.StartAsync(Nodes, Market, clock, Timeout);
        IUnifiedStorageSystem renter = cluster[0];

        ContentReceipt receipt = await renter.UploadContentAsync(new MemoryStream(RandomNumberGenerator.GetBytes(200_000)), cancellationToken: Timeout);

        NodeMarket market = MarketOf(renter);
        IReadOnlyList<ShardPlacement> placement = await Stack(renter).Content.GetPlacementAsync(receipt.Id, cancellationToken: Timeout);
        IReadOnlyList<ContractRecord> contracts = market.ContractsOf(receipt.Id);
        var holders = placement.SelectMany(p => p.Holders).ToHashSet();
        Assert.Equal(6, placement.Count);
        Assert.Equal(holders.Count, contracts.Count);
        Assert.DoesNotContain(renter.GetNodeInfo().NodeId, holders);
        foreach (ContractRecord c in contracts)
        {
            Assert.Equal(ContractState.Monitoring, c.State);
            Assert.Contains(c.Contract.Host, holders);
            var mine = placement.Where(p => p.Holders.Contains(c.Contract.Host)).Select(p => p.Key.Value).ToHashSet();
            Assert.True(mine.SetEquals(c.Contract.Shards.Select(s => s.ShardId)), "the contract names exactly the shards its host holds");
            Assert.Equal(c.Contract.Value, market.Payments.Locked(c.Contract));
        }

        IReadOnlyList<(ContractRecord Contract, AuditOutcome Outcome)> audits = await market.AuditAllAsync(Timeout);
        Assert.Equal(contracts.Count, audits.Count);
        Assert.All(audits, a => Assert.Equal(AuditResult.Passed, a.Outcome.Result));

        UnifiedStorageStats stats = await renter.GetStatisticsAsync(Timeout);
        Assert.Equal(contracts.Count, stats.Economic.TotalContracts);
        Assert.Equal(contracts.Count, stats.Economic.ActiveContracts);
        Assert.Equal(contracts.Sum(c => c.Contract.Value.Tokens), stats.Economic.ValueLocked);
        Assert.Equal(contracts.Count, stats.Economic.AuditsPassed);
        Assert.True(market.Ledger.CheckInvariants().IsConsistent);
    }

    [Fact(Timeout = 180_000)]
    public async Task LargeUpload_PutsEachHostsTenShardsIntoOneContract_SentOverTheBulkChannel_WithBlsAcknowledgements_AllAudited()
    {
        FakeTimeProvider clock = NewClock();
        await using SystemCluster cluster = await SystemCluster.StartAsync(Nodes, i =>
        {
            ZhtpStorageOptions o = Market(i);
            o.BlsAcknowledgements = true;
            return o;
        }, clock, Timeout);
        NodeMarket market = MarketOf(cluster[0]);

        // 10 segments of 1 MiB: each of the six hosts gets ten shards, in one contract (at most 64 per contract):
        // too large for one datagram, so its sign request and its deploy go over the bulk channel.
        ContentReceipt receipt = await cluster[0].UploadContentAsync(new MemoryStream(RandomNumberGenerator.GetBytes(10 << 20)), cancellationToken: Timeout);
        IReadOnlyList<ContractRecord> contracts = market.ContractsOf(receipt.Id);

        Assert.Equal(60, receipt.Shards);
        Assert.Equal(60, contracts.Sum(c => c.Contract.Shards.Count));
        Assert.All(contracts, c => Assert.InRange(c.Contract.Shards.Count, 1, NodeMarket.MaxShardsPerContract));
        Assert.All(contracts.GroupBy(c => c.Contract.Host), g => Assert.Equal(10, Assert.Single(g).Contract.Shards.Count));
        Assert.All(contracts, c => Assert.True(c.Contract.Encode().Length > market.Node.MaxPayloadSize));
        Assert.All(cluster.Systems, s => Assert.NotNull(MarketOf(s).Host.HolderKey));
        Assert.All(await market.AuditAllAsync(Timeout), a => Assert.Equal(AuditResult.Passed, a.Outcome.Result));
    }

    [Fact(Timeout = 120_000)]
    public async Task Upload_FailsClearly_WhenTheRenterCannotFundTheEscrow_OrNoHostSellsStorage()
    {
        FakeTimeProvider clock = NewClock();
        await using SystemCluster poor = await SystemCluster.StartAsync(Nodes, i => new ZhtpStorageOptions { EconomicsEnabled = true, DevFaucetTokens = i == 0 ? 10_000m : 0m }, clock, Timeout);
        NodeMarket market = MarketOf(poor[0]);

        ContentException broke = await Assert.ThrowsAsync<ContentException>(() => poor[0].UploadContentAsync(new MemoryStream(RandomNumberGenerator.GetBytes(100_000)), cancellationToken: Timeout));

        Assert.Contains("DevFaucetTokens", broke.Message, StringComparison.Ordinal);
        Assert.Equal(0m, (await poor[0].GetStatisticsAsync(Timeout)).Economic.ValueLocked);
        Assert.True(market.Ledger.CheckInvariants().IsConsistent);

        // Economics on at the renter only: the other nodes do not answer quotes.
        await using SystemCluster alone = await SystemCluster.StartAsync(4, i => new ZhtpStorageOptions { EconomicsEnabled = i == 0, DevFaucetTokens = 1_000_000m }, clock, Timeout);
        ContentException noHost = await Assert.ThrowsAsync<ContentException>(() => alone[0].UploadContentAsync(new MemoryStream(RandomNumberGenerator.GetBytes(10_000)), cancellationToken: Timeout));
        Assert.Contains("found no host", noHost.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 180_000)]
    public async Task HostThatLosesAShard_FailsAudits_IsPenalized_TheShardIsRepaired_AndTheNextUploadAvoidsIt()
    {
        FakeTimeProvider clock = NewClock();
        await using SystemCluster cluster = await SystemCluster.StartAsync(Nodes, Market, clock, Timeout);
        IUnifiedStorageSystem renter = cluster[0];
        NodeMarket market = MarketOf(renter);
        byte[] original = RandomNumberGenerator.GetBytes(200_000);
        ContentReceipt receipt = await renter.UploadContentAsync(new MemoryStream(original), cancellationToken: Timeout);
        IReadOnlyList<ContractRecord> contracts = market.ContractsOf(receipt.Id);
        ContractRecord victim = contracts[0];
        NodeId faulty = victim.Contract.Host;
        IUnifiedStorageSystem host = cluster.Systems.Single(s => s.GetNodeInfo().NodeId == faulty);
        Hash256 lost = victim.Contract.Shards[0].ShardId;
        TokenAmount before = market.Ledger.GetBalance(market.Account);

        Assert.True(await Stack(host).Records.RemoveAsync(new DhtKey(lost), Timeout));
        IReadOnlyList<(ContractRecord Contract, AuditOutcome Outcome)> audits = await market.AuditAllAsync(Timeout);

        Assert.Equal(AuditResult.Missing, audits.Single(a => a.Contract.Contract.Host == faulty).Outcome.Result);
        Assert.All(audits.Where(a => a.Contract.Contract.Host != faulty), a => Assert.Equal(AuditResult.Passed, a.Outcome.Result));

        // One billing period (a day) of hourly audits on the contract clock, then the period closes.
        for (int hour = 0; hour < 25; hour++)
        {
            clock.Advance(TimeSpan.FromHours(1));
            await market.TickAsync(Timeout); // the node's own tick loop may run some of these steps first
        }

        ContractRecord penalized = market.Contracts.Get(victim.Contract.ContractId);
        Assert.Equal(ContractState.Settlement, penalized.State);
        Assert.True(penalized.PenaltiesApplied > TokenAmount.Zero);
        Assert.Contains(penalized.History, t => t.Event == ContractEvent.ApplyPenalty && t.Violation == ViolationKind.DataLoss);
        int faultyScore = market.Reputation.GetScore(faulty);
        Assert.All(contracts.Where(c => c.Contract.Host != faulty), c =>
        {
            Assert.Equal(ContractState.Monitoring, market.Contracts.Get(c.Contract.ContractId).State);
            Assert.True(market.Reputation.GetScore(c.Contract.Host) > faultyScore);
            Assert.True(market.Ledger.GetBalance(AccountId.Host(c.Contract.Host)) > TokenAmount.Zero, "a host that kept its shards is paid its period");
        });

        // Pays only for service delivered: the faulty host earned nothing, its escrow went back to the renter (less the slash to the pool).
        Assert.Equal(TokenAmount.Zero, market.Ledger.GetBalance(AccountId.Host(faulty)));
        Assert.Equal(TokenAmount.Zero, market.Payments.Locked(penalized.Contract));
        Assert.True(market.Ledger.GetBalance(market.Account) > before, "the failed contract's escrow was refunded");

        // Maintenance rebuilds the lost shard onto another host, under a new contract.
        MaintenanceReport maintenance = await renter.PerformMaintenanceAsync(Timeout);
        Assert.Equal(1, maintenance.ShardsRepaired);
        IReadOnlyList<ShardPlacement> placement = await Stack(renter).Content.GetPlacementAsync(receipt.Id, cancellationToken: Timeout);
        NodeId newHolder = placement.Single(p => p.Key.Value == lost).Holders.Single();
        Assert.NotEqual(faulty, newHolder);
        Assert.Contains(market.ContractsOf(receipt.Id), c => c.Contract.Host == newHolder && c.Contract.Shards.Any(s => s.ShardId == lost) && c.State == ContractState.Monitoring);
        var copy = new MemoryStream();
        await renter.DownloadContentAsync(receipt.Id, copy, cancellationToken: Timeout);
        Assert.Equal(original, copy.ToArray());

        // Reputation feeds the next placement: the faulty host is ranked last and is not used.
        ContentReceipt next = await renter.UploadContentAsync(new MemoryStream(RandomNumberGenerator.GetBytes(100_000)), cancellationToken: Timeout);
        IReadOnlyList<ShardPlacement> nextPlacement = await Stack(renter).Content.GetPlacementAsync(next.Id, cancellationToken: Timeout);
        Assert.DoesNotContain(faulty, nextPlacement.SelectMany(p => p.Holders));
        Assert.True(market.Ledger.CheckInvariants().IsConsistent, string.Join("; ", market.Ledger.CheckInvariants().Violations));
    }

    [Fact(Timeout = 240_000)]
    public async Task Restarts_HostKeepsShardsAndContracts_RenterKeepsLedgerAndContracts_SupplyIsConserved()
    {
        FakeTimeProvider clock = NewClock();
        using var directory = new TempDirectory();
        ZhtpStorageOptions Durable(int i)
        {
            ZhtpStorageOptions o = Market(i);
            o.DataDirectory = directory.Sub($"node{i}");
            return o;
        }

        await using SystemCluster cluster = await SystemCluster.StartAsync(Nodes, Durable, clock, Timeout);
        ContentReceipt receipt = await cluster[0].UploadContentAsync(new MemoryStream(RandomNumberGenerator.GetBytes(200_000)), cancellationToken: Timeout);
        IReadOnlyList<ContractRecord> contracts = MarketOf(cluster[0]).ContractsOf(receipt.Id);
        NodeId restarted = contracts[0].Contract.Host;
        int h = cluster.Systems.FindIndex(s => s.GetNodeInfo().NodeId == restarted);
        int held = MarketOf(cluster[h]).Host.Holder.Count;
        Assert.True(held >= contracts.Count, $"host holds {held} contracts");

        await RestartAsync(cluster, h, Durable, clock);

        Assert.Equal(restarted, cluster[h].GetNodeInfo().NodeId);
        Assert.Equal(held, MarketOf(cluster[h]).Host.Holder.Count);
        IReadOnlyList<(ContractRecord Contract, AuditOutcome Outcome)> audits = await MarketOf(cluster[0]).AuditAllAsync(Timeout);
        Assert.All(audits, a => Assert.Equal(AuditResult.Passed, a.Outcome.Result));

        await RestartAsync(cluster, 0, Durable, clock);
        NodeMarket market = MarketOf(cluster[0]);
        Assert.Equal(contracts.Count, market.Contracts.Contracts.Count);
        for (int hour = 0; hour < 25; hour++)
        {
            clock.Advance(TimeSpan.FromHours(1));
            await market.TickAsync(Timeout);
        }

        Assert.All(contracts, c =>
        {
            ContractRecord now = market.Contracts.Get(c.Contract.ContractId);
            Assert.Equal(ContractState.Monitoring, now.State);
            Assert.Equal(1, now.PeriodsPassed);
        });
        LedgerInvariantReport check = market.Ledger.CheckInvariants();
        Assert.True(check.IsConsistent, string.Join("; ", check.Violations));
        Assert.Equal(TokenAmount.FromWholeTokens(1_000_000), check.TotalSupply); // the faucet did not mint again on restart
    }

    [Fact(Timeout = 120_000)]
    public async Task BlsHolderKey_IsKeptInTheDataDirectory_AcrossRestarts_AndACorruptKeyFileStopsTheStartWithItsPath()
    {
        FakeTimeProvider clock = NewClock();
        using var directory = new TempDirectory();
        ZhtpStorageOptions Options()
        {
            ZhtpStorageOptions o = Market(0);
            o.BlsAcknowledgements = true;
            o.DataDirectory = directory.Sub("node");
            return o;
        }

        string path = Path.Combine(directory.Sub("node"), "economic", HolderBlsKeyFile.FileName);
        byte[] first;
        await using (IUnifiedStorageSystem system = await SystemCluster.StartOneAsync(Options(), clock, Timeout))
        {
            first = MarketOf(system).Host.HolderKey!.BlsKey.ToBytes();
        }

        Assert.Equal(32, new FileInfo(path).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        await using (IUnifiedStorageSystem again = await SystemCluster.StartOneAsync(Options(), clock, Timeout))
        {
            Assert.Equal(first, MarketOf(again).Host.HolderKey!.BlsKey.ToBytes());
        }

        File.WriteAllBytes(path, new byte[32]); // zero is not a valid secret key
        UnifiedStorageException bad = await Assert.ThrowsAnyAsync<UnifiedStorageException>(() => SystemCluster.StartOneAsync(Options(), clock, Timeout));
        Assert.Contains(path, bad.ToString(), StringComparison.Ordinal);
    }

    private static async Task RestartAsync(SystemCluster cluster, int index, Func<int, ZhtpStorageOptions> options, TimeProvider clock)
    {
        int port = cluster[index].GetNodeInfo().EndPoint.Port;
        await cluster[index].DisposeAsync();
        ZhtpStorageOptions o = options(index);
        o.Port = port;
        o.Bootstrap.Add(cluster[index == 0 ? 1 : 0].GetNodeInfo().EndPoint.ToString());
        cluster.Systems[index] = await SystemCluster.StartOneAsync(o, clock, Timeout);
    }
}
