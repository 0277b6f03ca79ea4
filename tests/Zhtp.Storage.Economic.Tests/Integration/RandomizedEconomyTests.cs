using System.Diagnostics;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Economic.Tests.Integration;

/// <summary>
/// 10,000 random operations — quotes, contracts, funding, audits that pass and fail, period
/// closes with releases, refunds and penalties, completions, terminations, cancellations, illegal
/// transitions, retried postings and ledger restarts — checking after every step that supply is
/// conserved, no balance is negative and escrow equals the funds locked by contracts, and at the
/// end that every contract is in a legal state that its history replays to.
/// </summary>
public sealed class RandomizedEconomyTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("econ-random-");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public Task RandomOperations_10000_KeepEveryInvariant() => RunAsync(seed: 20261121, operations: 10_000);

    [Theory]
    [Trait("Category", "Soak")]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public Task RandomOperations_Soak_KeepEveryInvariant(int seed) => RunAsync(seed, operations: 50_000);

    private async Task RunAsync(int seed, int operations)
    {
        var ledger = new ReopenableLedger(Path.Combine(_dir.FullName, $"ledger-{seed}.db"), LedgerDurability.Full);
        using var h = new EconomyHarness(hosts: 4, seed: seed, ledger: ledger);
        var random = new Random(seed);
        var minted = TokenAmount.Zero;
        var counts = new Dictionary<string, int>();
        var illegalRefused = 0;
        var settled = new HashSet<Hash256>();
        var stopwatch = Stopwatch.StartNew();

        void Mint(long tokens)
        {
            h.MintToRenter(tokens);
            minted += TokenAmount.FromWholeTokens(tokens);
        }

        Mint(20_000);
        for (var op = 0; op < operations; op++)
        {
            var records = h.Manager.Contracts.Values.ToList();
            var roll = random.Next(100);
            string kind;
            if (roll < 35)
            {
                kind = "tick";
                h.Time.Advance(TimeSpan.FromHours(1));
            }
            else if (roll < 55)
            {
                kind = "audit";
                var live = records.Where(r => r.State == ContractState.Monitoring).ToList();
                if (live.Count > 0)
                {
                    await h.Manager.AuditAsync(live[random.Next(live.Count)].Contract.ContractId, CancellationToken.None);
                }
            }
            else if (roll < 65)
            {
                kind = "close";
                foreach (var r in records.Where(r => r.State == ContractState.Monitoring))
                {
                    var p = r.EvaluatedPeriods.Count;
                    if (p < r.Contract.Periods && h.Time.GetUtcNow() >= r.Contract.StartsAt + (r.Contract.BillingPeriod * (p + 1)))
                    {
                        await h.Manager.ClosePeriodAsync(r.Contract.ContractId, p, CancellationToken.None);
                    }
                    else if (p == r.Contract.Periods && h.Time.GetUtcNow() >= r.Contract.EndsAt)
                    {
                        await h.Manager.CompleteAsync(r.Contract.ContractId, CancellationToken.None);
                    }
                }
            }
            else if (roll < 71)
            {
                kind = "contract";
                if (records.Count(r => !r.IsFinal) < 12)
                {
                    var contract = h.SignedContract(random.Next(h.HostSigners.Count), EconomyHarness.Request(days: 1 + random.Next(3)));
                    await h.Manager.DeployAsync(contract, CancellationToken.None);
                }
            }
            else if (roll < 77)
            {
                kind = "fund";
                var waiting = records.Where(r => r.State == ContractState.Contract).ToList();
                if (waiting.Count > 0)
                {
                    try
                    {
                        await h.Manager.ActivateAsync(waiting[random.Next(waiting.Count)].Contract.ContractId, CancellationToken.None);
                    }
                    catch (LedgerException ex) when (ex.Kind == LedgerErrorKind.InsufficientFunds)
                    {
                        kind = "fund-refused";
                    }
                }
            }
            else if (roll < 80)
            {
                kind = "mint";
                Mint(1 + random.Next(5_000));
            }
            else if (roll < 86)
            {
                kind = "fault";
                var host = random.Next(h.HostSigners.Count);
                var shard = random.Next(h.Shards.Count);
                switch (random.Next(5))
                {
                    case 0: h.Stores[host].Drop(h.Shards[shard].ShardId); break;
                    case 1: h.Stores[host].Put(h.Shards[shard].ShardId, h.ShardBytes[shard]); h.Stores[host].Corrupt(h.Shards[shard].ShardId); break;
                    case 2: h.Network.SetDelay(h.HostSigners[host].PublicKey, TimeSpan.FromSeconds(random.Next(2) == 0 ? 7 : 0.01)); break;
                    case 3: h.Network.SetOnline(h.HostSigners[host].PublicKey, random.Next(3) != 0); break;
                    default:
                        for (var s = 0; s < h.Shards.Count; s++)
                        {
                            h.Stores[host].Put(h.Shards[s].ShardId, h.ShardBytes[s]);
                        }

                        h.Network.SetOnline(h.HostSigners[host].PublicKey, true);
                        h.Network.SetDelay(h.HostSigners[host].PublicKey, TimeSpan.FromMilliseconds(10));
                        break;
                }
            }
            else if (roll < 88)
            {
                kind = "terminate";
                var live = records.Where(r => r.State is ContractState.Active or ContractState.Monitoring).ToList();
                if (live.Count > 0)
                {
                    await h.Manager.TerminateAsync(live[random.Next(live.Count)].Contract.ContractId, CancellationToken.None);
                }
            }
            else if (roll < 89)
            {
                kind = "cancel";
                var waiting = records.Where(r => r.State == ContractState.Contract).ToList();
                if (waiting.Count > 0)
                {
                    await h.Manager.CancelAsync(waiting[random.Next(waiting.Count)].Contract.ContractId, CancellationToken.None);
                }
            }
            else if (roll < 94)
            {
                kind = "illegal";
                if (records.Count > 0)
                {
                    var r = records[random.Next(records.Count)];
                    var ev = (ContractEvent)random.Next(Enum.GetValues<ContractEvent>().Length);
                    var t = ContractTransition.Create(r.Contract.ContractId, r.Sequence + 1, ev, h.Time.GetUtcNow(), h.Renter, period: random.Next(-1, 4), violation: ViolationKind.SlowResponse);
                    try
                    {
                        var next = ContractStateMachine.Apply(r, t, NodeSigners.EcdsaP256Verifier);
                        Assert.Equal(ContractStateMachine.Next(r.State, ev), next.State);
                    }
                    catch (IllegalTransitionException)
                    {
                        illegalRefused++;
                    }
                }
            }
            else if (roll < 97)
            {
                kind = "quote";
                var quote = new QuoteIssuer(h.Pricing, h.HostSigners[random.Next(h.HostSigners.Count)], h.Time, random)
                    .Issue(new QuoteRequest(1 + random.NextInt64(50_000_000_000), TimeSpan.FromHours(1 + random.Next(24 * 400)), (StorageTier)random.Next(4), 3 + random.Next(10), (QualityLevel)random.Next(3), (Urgency)random.Next(4), random.Next(2) == 0),
                        new MarketConditions(random.Next(101) / 100m, random.Next(80)));
                Assert.Equal(QuoteStatus.Valid, QuoteValidator.Check(quote, h.Pricing, NodeSigners.EcdsaP256Verifier, h.Time.GetUtcNow()));
                Assert.Equal(quote.Price.Subtotal + quote.Price.QualityPremium + quote.Price.NetworkFee + quote.Price.EscrowFee, quote.Price.Total);
            }
            else if (roll < 99)
            {
                kind = "retry";
                var funded = records.Where(r => r.State != ContractState.Contract && r.State != ContractState.Quote && !r.History.Any(t => t.Event == ContractEvent.Cancel)).ToList();
                if (funded.Count > 0)
                {
                    var c = funded[random.Next(funded.Count)].Contract;
                    var before = ledger.GetBalances();
                    Assert.Equal(PostingOutcome.AlreadyApplied, ledger.Post(ledger.GetPosting($"fund/{c.ContractId}")!));
                    Assert.Equal(before, ledger.GetBalances());
                }
            }
            else
            {
                kind = "restart";
                ledger.Restart();
            }

            counts[kind] = counts.GetValueOrDefault(kind) + 1;
            CheckCheapInvariants(h, ledger, minted, op, kind, settled);
            if (op % 1000 == 999)
            {
                var report = ledger.CheckInvariants();
                Assert.True(report.IsConsistent, $"op {op}: {string.Join("; ", report.Violations)}");
            }
        }

        var final = ledger.CheckInvariants();
        Assert.True(final.IsConsistent, string.Join("; ", final.Violations));
        foreach (var record in h.Manager.Contracts.Values)
        {
            var replayed = ContractStateMachine.Replay(ContractRecord.Create(record.Contract, NodeSigners.EcdsaP256Verifier), record.History, NodeSigners.EcdsaP256Verifier);
            Assert.Equal(record, replayed);
            Assert.All(h.Holders, holder => Assert.Equal(ContractStatus.Of(record), holder.Query(record.Contract.ContractId)));
        }

        // The run must have exercised the interesting paths, or it proves little.
        var events = h.Manager.Contracts.Values.SelectMany(r => r.History).Select(t => t.Event).ToHashSet();
        foreach (var needed in new[] { ContractEvent.PassPeriod, ContractEvent.ApplyPenalty, ContractEvent.Settle, ContractEvent.Terminate, ContractEvent.Resume })
        {
            Assert.Contains(needed, events);
        }

        Assert.True(ledger.Restarts > 10);
        Assert.True(illegalRefused > 50);
        Console.WriteLine($"{operations} operations in {stopwatch.Elapsed.TotalSeconds:0.0} s: {string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}"))}; contracts {h.Manager.Contracts.Count}; illegal refused {illegalRefused}");
    }

    // Settled contracts are checked once (their escrow must be empty then and can never move again:
    // every escrow posting names a live contract); live ones after every operation.
    private static void CheckCheapInvariants(EconomyHarness h, ReopenableLedger ledger, TokenAmount minted, int op, string kind, HashSet<Hash256> settled)
    {
        var (supply, sum, escrow, negative) = ledger.Totals();
        Assert.True(supply == minted, $"op {op} ({kind}): supply {supply} != minted {minted}");
        Assert.True(negative == 0, $"op {op} ({kind}): {negative} negative balances");
        Assert.True(sum == supply, $"op {op} ({kind}): balances {sum} != supply {supply}");
        var locked = TokenAmount.Zero;
        foreach (var (id, record) in h.Manager.Contracts)
        {
            if (settled.Contains(id))
            {
                continue;
            }

            var l = h.Payments.Locked(record.Contract);
            Assert.False(l.IsNegative);
            if (record.State is ContractState.Quote or ContractState.Contract or ContractState.Settlement)
            {
                Assert.True(l.IsZero, $"op {op} ({kind}): contract in {record.State} locks {l}");
            }

            locked += l;
            if (record.IsFinal)
            {
                settled.Add(id);
            }
        }

        Assert.True(escrow == locked, $"op {op} ({kind}): escrow {escrow} != locked {locked}");
    }
}
