using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Zhtp.Storage.Content;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Economic;
using Zhtp.Storage.Economic.Audits;
using Zhtp.Storage.Economic.Contracts;
using Zhtp.Storage.Economic.Hosting;
using Zhtp.Storage.Economic.Ledger;
using Zhtp.Storage.Economic.Tokens;
using Zhtp.Storage.Types;
using Zhtp.Storage.Unified;
using Zhtp.Storage.Unified.Economics;
using Zhtp.Storage.Unified.Runtime;

namespace Zhtp.Storage.Host.Demo;

/// <summary>
/// The market stage of <c>zhtp demo</c>, on real content: eight storage systems with economics on (loopback UDP,
/// in memory) — node 0 rents, the others host through <see cref="EconomicHosting"/>. A 4 MiB file is uploaded:
/// quotes from the hosts, placement matched on price, reputation and subnet, one funded contract per host over
/// the real shards' Merkle roots, audits of those bytes, one host that loses a shard penalized, the shard repaired
/// onto another host, the next upload placed around the faulty host, balances and the ledger check. Contract time
/// (hourly audits, one-day billing periods) runs on a simulated clock; the network is real.
/// </summary>
internal static class EconomicDemo
{
    private const int Nodes = 8;
    private const int FileBytes = 4 << 20;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Starts its own eight systems, runs the flow, and stops them.</summary>
    public static async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var systems = new List<IUnifiedStorageSystem>();
        string file = Path.Combine(Path.GetTempPath(), $"zhtp-market-demo-{Guid.NewGuid():N}.txt");
        try
        {
            long started = Stopwatch.GetTimestamp();
            for (int i = 0; i < Nodes; i++)
            {
                // 3 s rather than 1 s per DHT request: the demo runs beside the whole test suite in CI, on two cores.
                var options = new ZhtpStorageOptions { EconomicsEnabled = true, DevFaucetTokens = 1_000_000m, Dht = new DhtConfig { RequestTimeout = TimeSpan.FromSeconds(3) } };
                if (i > 0)
                {
                    options.Bootstrap.Add(systems[0].GetNodeInfo().EndPoint.ToString());
                }

                systems.Add(await UnifiedStorageSystems.StartWithContractClockAsync(options, null, null, clock, cancellationToken).ConfigureAwait(false));
            }

            // Every system learns the last one to start (which learned all the others when it joined); the last one
            // itself is skipped: a ping of its own endpoint goes unanswered and would wait out the request timeout.
            foreach (IUnifiedStorageSystem system in systems.SkipLast(1))
            {
                await system.AddPeerAsync(systems[^1].GetNodeInfo().EndPoint, cancellationToken).ConfigureAwait(false);
            }

            await File.WriteAllBytesAsync(file, DemoText(FileBytes), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(Invariant, $"      {Nodes} storage systems with economics on started in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms; contract time is simulated")).ConfigureAwait(false);
            await RunAsync(systems, clock, file, output, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(file);
            foreach (IUnifiedStorageSystem system in Enumerable.Reverse(systems))
            {
                await system.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task RunAsync(List<IUnifiedStorageSystem> systems, FakeTimeProvider clock, string file, TextWriter output, CancellationToken cancellationToken)
    {
        IUnifiedStorageSystem renter = systems[0];
        StorageStack stack = ((UnifiedStorageSystem)renter).Stack;
        NodeMarket market = stack.Market!;
        await output.WriteLineAsync(string.Create(Invariant, $"      renter {Short(renter.GetNodeInfo().NodeId)}: {market.Ledger.GetBalance(market.Account)} tokens from the development faucet (Zhtp:DevFaucetTokens)")).ConfigureAwait(false);

        long started = Stopwatch.GetTimestamp();
        ContentReceipt receipt;
        await using (FileStream stream = File.OpenRead(file))
        {
            receipt = await renter.UploadContentAsync(stream, new ContentUploadOptions { Metadata = new ContentMetadata { Filename = "market-demo.txt" } }, cancellationToken).ConfigureAwait(false);
        }

        TimeSpan upload = Stopwatch.GetElapsedTime(started);
        await output.WriteLineAsync(string.Create(Invariant, $"      upload of {receipt.Length:N0} bytes: {receipt.Segments} segments, {receipt.Shards} shards on {receipt.Holders} hosts in {upload.TotalMilliseconds:F0} ms (quote round {market.Placement.LastQuoteRound.TotalMilliseconds:F0} ms, contract round {market.LastContractRound.TotalMilliseconds:F0} ms)")).ConfigureAwait(false);
        foreach (MarketQuote q in market.Placement.LastQuotes.OrderBy(q => q.Offer.PricePerGbDay).ThenBy(q => q.Host.Id).Take(3))
        {
            await output.WriteLineAsync(string.Create(Invariant, $"      quote from {Short(q.Host.Id)}: {q.Offer.PricePerGbDay} tokens/GB-day, total {q.Quote.Price.Total} for {q.Quote.Request.SizeBytes:N0} bytes × {q.Quote.Request.Replication} for {q.Quote.Request.Duration.TotalDays:F0} days, subnet {q.Offer.Subnet}")).ConfigureAwait(false);
        }

        await output.WriteLineAsync(string.Create(Invariant, $"      ({market.Placement.LastQuotes.Count} hosts quoted; the matched ones come first, one shard of each segment each)")).ConfigureAwait(false);
        IReadOnlyList<ContractRecord> contracts = market.ContractsOf(receipt.Id);
        foreach (ContractRecord c in contracts)
        {
            await output.WriteLineAsync(string.Create(Invariant, $"      contract {Short(c.Contract.ContractId)} with {Short(c.Contract.Host)}: {c.Contract.Shards.Count} shards ({c.Contract.SizeBytes:N0} bytes), value {c.Contract.Value}, fees {c.Contract.Fees}, escrow locked {market.Ledger.GetEscrow(c.Contract.ContractId).Locked}; {c.State}")).ConfigureAwait(false);
        }

        started = Stopwatch.GetTimestamp();
        IReadOnlyList<(ContractRecord Contract, AuditOutcome Outcome)> round = await market.AuditAllAsync(cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(Invariant, $"      audit round: {round.Count(a => a.Outcome.Result == AuditResult.Passed)}/{round.Count} Merkle proofs over the real shard bytes passed in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms")).ConfigureAwait(false);

        ContractRecord victim = contracts[0];
        NodeId faulty = victim.Contract.Host;
        IUnifiedStorageSystem host = systems.Single(s => s.GetNodeInfo().NodeId == faulty);
        Hash256 lost = victim.Contract.Shards[0].ShardId;
        foreach (ShardTerms shard in victim.Contract.Shards)
        {
            await ((UnifiedStorageSystem)host).Stack.Records.RemoveAsync(new DhtKey(shard.ShardId), cancellationToken).ConfigureAwait(false);
        }

        await output.WriteLineAsync($"      -- host {Short(faulty)} loses its {victim.Contract.Shards.Count} shards of the file (deleted from its record store) --").ConfigureAwait(false);
        round = await market.AuditAllAsync(cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"      next audit of {Short(faulty)}: {string.Join(", ", round.Where(a => a.Contract.Contract.Host == faulty).Select(a => a.Outcome.Result))}").ConfigureAwait(false);

        for (int hour = 0; hour < 25; hour++)
        {
            clock.Advance(TimeSpan.FromHours(1));
            await market.TickAsync(cancellationToken).ConfigureAwait(false);
        }

        EconomicStats stats = (await renter.GetStatisticsAsync(cancellationToken).ConfigureAwait(false)).Economic;
        await output.WriteLineAsync(string.Create(Invariant, $"      day 1 closed: {stats.AuditsPassed}/{stats.AuditsRun} audits passed over the day")).ConfigureAwait(false);
        foreach (ContractRecord c in contracts.Select(c => market.GetContract(c.Contract.ContractId)))
        {
            string verdict = c.PenaltiesApplied > TokenAmount.Zero
                ? string.Create(Invariant, $"VIOLATION DataLoss: slashed {c.PenaltiesApplied}, contract terminated, escrow refunded")
                : string.Create(Invariant, $"passed {c.PeriodsPassed} period, paid {market.Ledger.GetBalance(AccountId.Host(c.Contract.Host))}");
            await output.WriteLineAsync(string.Create(Invariant, $"        {Short(c.Contract.Host)}: {verdict}; reputation {market.ReputationOf(c.Contract.Host)}; state {c.State}")).ConfigureAwait(false);
        }

        started = Stopwatch.GetTimestamp();
        MaintenanceReport maintenance = await renter.PerformMaintenanceAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<ShardPlacement> placement = await stack.Content.GetPlacementAsync(receipt.Id, cancellationToken: cancellationToken).ConfigureAwait(false);
        NodeId newHolder = placement.First(p => p.Key.Value == lost).Holders[0];
        ContractRecord? replacement = market.ContractsOf(receipt.Id).FirstOrDefault(c => c.Contract.Host == newHolder && c.Contract.Shards.Any(s => s.ShardId == lost));
        await output.WriteLineAsync(string.Create(Invariant, $"      repair: {maintenance.ShardsRepaired} shards rebuilt (e.g. {Short(lost)} onto {Short(newHolder)} under contract {(replacement is null ? "-" : Short(replacement.Contract.ContractId))}) in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms")).ConfigureAwait(false);

        var copy = new MemoryStream();
        await renter.DownloadContentAsync(receipt.Id, copy, cancellationToken: cancellationToken).ConfigureAwait(false);
        byte[] original = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
        bool same = copy.ToArray().AsSpan().SequenceEqual(original);
        await output.WriteLineAsync($"      download after repair: {(same ? "identical" : "DIFFERENT")}").ConfigureAwait(false);

        ContentReceipt next = await renter.UploadContentAsync(new MemoryStream(DemoText(256 * 1024)), cancellationToken: cancellationToken).ConfigureAwait(false);
        IReadOnlyList<ShardPlacement> nextPlacement = await stack.Content.GetPlacementAsync(next.Id, cancellationToken: cancellationToken).ConfigureAwait(false);
        bool avoided = !nextPlacement.SelectMany(p => p.Holders).Contains(faulty);
        await output.WriteLineAsync(string.Create(Invariant, $"      next upload: {market.Placement.LastQuotes.Count} hosts quoted; holders {string.Join(", ", nextPlacement.SelectMany(p => p.Holders).Distinct().Select(Short))}; faulty host {(avoided ? "avoided" : "USED")}")).ConfigureAwait(false);

        await output.WriteLineAsync("      balances on the renter's ledger:").ConfigureAwait(false);
        foreach ((AccountId account, TokenAmount balance) in market.Ledger.GetBalances().Where(b => b.Key.Kind != AccountKind.Mint && b.Key.Kind != AccountKind.Escrow && !b.Value.IsZero))
        {
            await output.WriteLineAsync(string.Create(Invariant, $"        {Label(account, renter.GetNodeInfo().NodeId),-24} {balance,14}")).ConfigureAwait(false);
        }

        LedgerInvariantReport check = market.Ledger.CheckInvariants();
        await output.WriteLineAsync(string.Create(Invariant, $"        {"escrow (all contracts)",-24} {check.EscrowBalance,14}")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(Invariant, $"      ledger: supply {check.TotalSupply}, sum of balances {check.SumOfBalances}, escrow {check.EscrowBalance} = locked {check.LockedByContracts}: {(check.IsConsistent ? "consistent" : string.Join("; ", check.Violations))}")).ConfigureAwait(false);
    }

    /// <summary>Compressible, line-structured text (a log-like file) of <paramref name="length"/> bytes.</summary>
    private static byte[] DemoText(int length)
    {
        var text = new StringBuilder(length + 128);
        var random = new Random(2026);
        for (int line = 0; text.Length < length; line++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{line:D7} zhtp market demo: shard {random.Next(1_000_000):D6} stored, audited and paid for; reputation feeds the next placement.\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString(0, length));
    }

    private static string Short(NodeId id) => id.ToString()[..8];

    private static string Short(Hash256 id) => id.ToString()[..8];

    private static string Label(AccountId account, NodeId renter) => account.Kind switch
    {
        AccountKind.User when account.Name == renter.ToString() => "renter",
        AccountKind.Host => $"host {account.Name[..8]}",
        AccountKind.Treasury => "treasury",
        AccountKind.PenaltyPool => "penalty pool",
        _ => account.Key,
    };
}
