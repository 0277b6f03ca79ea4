using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;
using Zhtp.Storage.Content;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Economic.Contracts;
using Zhtp.Storage.Economic.Ledger;
using Zhtp.Storage.Economic.Tokens;
using Zhtp.Storage.Types;
using Zhtp.Storage.Unified.Economics;
using Zhtp.Storage.Unified.Runtime;
using Zhtp.Storage.Unified.Tests.Support;

namespace Zhtp.Storage.Unified.Tests;

/// <summary>
/// Market measurements and a long simulated run. Run with
/// <c>dotnet test tests/Zhtp.Storage.Unified.Tests -c Release --filter "FullyQualifiedName~MarketSoakTests" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Soak")]
public sealed class MarketSoakTests(ITestOutputHelper output)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token;

    private static NodeMarket MarketOf(IUnifiedStorageSystem system) => ((UnifiedStorageSystem)system).Stack.Market!;

    /// <summary>4 MiB of random bytes (24 shards of ~175 KiB) on 8 loopback systems, economics off vs on: median of five uploads after a warm-up; and the audit round.</summary>
    [Fact(Timeout = 600_000)]
    public async Task Figures_FourMiBUpload_EconomicsOffVsOn_AndAuditRound()
    {
        foreach ((bool economics, bool bls) in new[] { (false, false), (true, true), (true, false) })
        {
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
            await using SystemCluster cluster = await SystemCluster.StartAsync(8, _ => new ZhtpStorageOptions { EconomicsEnabled = economics, DevFaucetTokens = 10_000_000m, BlsAcknowledgements = bls }, clock, Timeout);
            await cluster[0].UploadContentAsync(new MemoryStream(RandomNumberGenerator.GetBytes(1 << 20)), cancellationToken: Timeout);
            var times = new List<double>();
            var quotes = new List<double>();
            var contracts = new List<double>();
            for (int run = 0; run < 5; run++)
            {
                byte[] data = RandomNumberGenerator.GetBytes(4 << 20);
                long started = Stopwatch.GetTimestamp();
                await cluster[0].UploadContentAsync(new MemoryStream(data), cancellationToken: Timeout);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (economics)
                {
                    quotes.Add(MarketOf(cluster[0]).Placement.LastQuoteRound.TotalMilliseconds);
                    contracts.Add(MarketOf(cluster[0]).LastContractRound.TotalMilliseconds);
                }
            }

            output.WriteLine(string.Create(C, $"economics {(economics ? (bls ? "on, BLS acks" : "on, ECDSA acks") : "off")}: 4 MiB upload median {Median(times):F0} ms (runs {string.Join(", ", times.Select(t => t.ToString("F0", C)))})"));
            if (economics)
            {
                output.WriteLine(string.Create(C, $"  quote round median {Median(quotes):F0} ms, contract round (exact quotes, signatures, deploy, fund) median {Median(contracts):F0} ms"));
                NodeMarket market = MarketOf(cluster[0]);
                var rounds = new List<double>();
                int audits = 0;
                for (int run = 0; run < 5; run++)
                {
                    long started = Stopwatch.GetTimestamp();
                    audits = (await market.AuditAllAsync(Timeout)).Count;
                    rounds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }

                output.WriteLine(string.Create(C, $"  audit round over {audits} contracts (challenge + ping each, sequential): median {Median(rounds):F0} ms, {Median(rounds) / audits:F1} ms per contract"));
                Assert.True(market.Ledger.CheckInvariants().IsConsistent);
            }
        }
    }

    /// <summary>
    /// Ten systems, 30 simulated minutes of contract time (1-min audits, 10-min billing periods, 30-min contracts),
    /// one host that has lost its shards from the start: it must fail its first period.
    /// </summary>
    [Fact(Timeout = 600_000)]
    public async Task TenNodes_ThirtySimulatedMinutes_OneFaultyHost_IsCaughtInItsFirstPeriod()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var economic = new EconomicConfig { AuditInterval = TimeSpan.FromMinutes(1), BillingPeriod = TimeSpan.FromMinutes(10) };
        await using SystemCluster cluster = await SystemCluster.StartAsync(10, _ => new ZhtpStorageOptions
        {
            EconomicsEnabled = true,
            DevFaucetTokens = 1_000_000m,
            Economic = economic,
            ContractDuration = TimeSpan.FromMinutes(30),
        }, clock, Timeout);
        IUnifiedStorageSystem renter = cluster[0];
        NodeMarket market = MarketOf(renter);
        var receipts = new List<ContentReceipt>();
        for (int i = 0; i < 3; i++)
        {
            receipts.Add(await renter.UploadContentAsync(new MemoryStream(RandomNumberGenerator.GetBytes(2 << 20)), cancellationToken: Timeout));
        }

        List<ContractRecord> contracts = receipts.SelectMany(r => market.ContractsOf(r.Id)).ToList();
        NodeId faulty = contracts[0].Contract.Host;
        IUnifiedStorageSystem host = cluster.Systems.Single(s => s.GetNodeInfo().NodeId == faulty);
        int lost = 0;
        foreach (ShardTerms shard in contracts.Where(c => c.Contract.Host == faulty).SelectMany(c => c.Contract.Shards))
        {
            lost += await ((UnifiedStorageSystem)host).Stack.Records.RemoveAsync(new DhtKey(shard.ShardId), Timeout) ? 1 : 0;
        }

        output.WriteLine(string.Create(C, $"{cluster.Systems.Count} systems, {receipts.Count} uploads of 2 MiB, {contracts.Count} contracts on {contracts.Select(c => c.Contract.Host).Distinct().Count()} hosts; host {faulty.ToString()[..8]} lost {lost} shards at t=0"));
        long wall = Stopwatch.GetTimestamp();
        int? caughtInPeriod = null;
        for (int minute = 1; minute <= 31; minute++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await market.TickAsync(Timeout);
            if (caughtInPeriod is null && contracts.Where(c => c.Contract.Host == faulty).Any(c => market.Contracts.Get(c.Contract.ContractId).PeriodsFailed > 0))
            {
                caughtInPeriod = (minute - 1) / 10;
                output.WriteLine(string.Create(C, $"minute {minute}: the faulty host's period {caughtInPeriod} failed"));
            }
        }

        EconomicStats stats = market.Contracts.GetStats();
        output.WriteLine(string.Create(C, $"30 simulated minutes in {Stopwatch.GetElapsedTime(wall).TotalSeconds:F1} s: audits {stats.AuditsPassed}/{stats.AuditsRun} passed, penalties {stats.PenaltiesApplied}, rewards (bonuses) {stats.RewardsPaid}, active contracts {stats.ActiveContracts}"));
        foreach (IGrouping<NodeId, ContractRecord> byHost in contracts.Select(c => market.Contracts.Get(c.Contract.ContractId)).GroupBy(c => c.Contract.Host))
        {
            output.WriteLine(string.Create(C,
                $"  host {byHost.Key.ToString()[..8]}{(byHost.Key == faulty ? " (faulty)" : "")}: periods passed {byHost.Sum(c => c.PeriodsPassed)}, failed {byHost.Sum(c => c.PeriodsFailed)}, slashed {byHost.Aggregate(TokenAmount.Zero, (s, c) => s + c.PenaltiesApplied)}, paid {market.Ledger.GetBalance(AccountId.Host(byHost.Key))}, reputation {market.Reputation.GetScore(byHost.Key)}, states {string.Join("/", byHost.Select(c => c.State).Distinct())}"));
        }

        LedgerInvariantReport check = market.Ledger.CheckInvariants();
        output.WriteLine(string.Create(C, $"renter {market.Ledger.GetBalance(market.Account)}, treasury {market.Ledger.GetBalance(AccountId.Treasury)}, penalty pool {market.Ledger.GetBalance(AccountId.PenaltyPool)}, escrow {check.EscrowBalance}; ledger {(check.IsConsistent ? "consistent" : string.Join("; ", check.Violations))}"));
        Assert.Equal(0, caughtInPeriod);
        Assert.Equal(TokenAmount.Zero, market.Ledger.GetBalance(AccountId.Host(faulty)));
        Assert.All(contracts.Where(c => c.Contract.Host != faulty), c => Assert.Equal(ContractState.Settlement, market.Contracts.Get(c.Contract.ContractId).State));
        Assert.True(check.IsConsistent);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
