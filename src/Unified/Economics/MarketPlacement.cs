using Zhtp.Storage.Content;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Economic;
using Zhtp.Storage.Economic.Contracts;
using Zhtp.Storage.Economic.Hosting;
using Zhtp.Storage.Economic.Market;
using Zhtp.Storage.Economic.Tokens;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Unified.Economics;

/// <summary>
/// Places content through the market: asks the candidates (the k closest nodes to the content, this node excluded)
/// for signed quotes in parallel, publishes their offers to the <see cref="MarketManager"/> and matches one segment's
/// k + m shards on price, reputation and /24 (/48) diversity. Hosts in good standing (reputation at least the initial
/// one) come first — the matched ones, then the others by price and reputation — and penalized but still eligible
/// hosts last, best reputation first. The session turns what each host accepted into
/// contracts (<see cref="NodeMarket.ContractAsync"/>).
/// </summary>
internal sealed class MarketPlacement(NodeMarket market) : IShardHostSelector
{
    /// <summary>Most candidates asked for a quote per placement.</summary>
    public const int MaxCandidates = 32;

    /// <summary>Hosts that quoted in the last placement (for the demo and tests).</summary>
    public IReadOnlyList<MarketQuote> LastQuotes { get; private set; } = [];

    /// <summary>How long the last quote round took (all candidates asked in parallel).</summary>
    public TimeSpan LastQuoteRound { get; private set; }

    public async Task<IShardPlacementSession> BeginAsync(ShardHostRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        int n = request.ShardsPerSegment;
        long perHost = Math.Max(1, (request.ExpectedBytes ?? ((long)market.Options.SegmentSize * n)) / n);
        var ask = new QuoteRequest(perHost, market.Options.ContractDuration, market.Options.ContractTier, market.Config.DefaultReplication);
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        MarketQuote?[] answers = await Task.WhenAll(request.Candidates.Take(MaxCandidates).Select(c => market.Client.RequestQuoteAsync(c, ask, cancellationToken))).ConfigureAwait(false);
        LastQuoteRound = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var quotes = answers.OfType<MarketQuote>().Where(q => market.Market.Publish(q.Offer)).ToDictionary(q => q.Host.Id);
        LastQuotes = quotes.Values.ToList();

        var placeholder = Enumerable.Range(0, n).Select(i => new ShardTerms(Hash256.Zero, perHost, Hash256.Zero)).ToList();
        PlacementResult match = market.Market.Match(new PlacementRequest([placeholder], market.Options.ContractTier, 1, new TokenAmount(long.MaxValue)));
        // Hosts in good standing (reputation not below where every host starts) come first: the market's matches
        // among them, then the others among them by price and reputation. Price alone would favour a host that lost
        // data (an emptier store quotes a lower utilization), so a penalized host is used only when the hosts in good
        // standing are not enough, best reputation first.
        bool Good(MarketQuote q) => market.Reputation.GetScore(q.Host.Id) >= market.Config.InitialReputation;
        var holders = new List<Contact>();
        foreach (ShardAssignment assignment in match.Assignments)
        {
            if (quotes.TryGetValue(assignment.Offer.Host, out MarketQuote? q) && Good(q) && !holders.Contains(q.Host))
            {
                holders.Add(q.Host);
            }
        }

        holders.AddRange(quotes.Values
            .Where(q => !holders.Contains(q.Host) && Good(q))
            .OrderBy(q => q.Offer.PricePerGbDay)
            .ThenByDescending(q => market.Reputation.GetScore(q.Host.Id))
            .ThenBy(q => q.Host.Id)
            .Select(q => q.Host));
        holders.AddRange(quotes.Values
            .Where(q => !holders.Contains(q.Host) && market.Reputation.IsEligibleForReplication(q.Host.Id))
            .OrderByDescending(q => market.Reputation.GetScore(q.Host.Id))
            .ThenBy(q => q.Offer.PricePerGbDay)
            .ThenBy(q => q.Host.Id)
            .Select(q => q.Host));
        return new MarketPlacementSession(market, request.Content, holders);
    }
}
