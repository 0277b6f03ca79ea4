namespace Zhtp.Storage.Economic.Market;

/// <summary>
/// The storage market: keeps hosts' signed offers and matches placement requests on price
/// (cheapest first), reputation (highest first) and diversity (no two shards of a segment on one
/// host; not in one /24 or /48 while another subnet can take it), with partial fills.
/// </summary>
/// <remarks>Thread safety: all members are safe to call concurrently. Bounded: one offer per host, at most <see cref="MaxOffers"/> hosts.</remarks>
internal sealed class MarketManager
{
    /// <summary>Most offers kept.</summary>
    public const int MaxOffers = 10_000;

    private readonly ReputationSystem _reputation;
    private readonly ISignatureVerifier _verifier;
    private readonly TimeProvider _time;
    private readonly Dictionary<NodeId, HostOffer> _offers = [];
    private readonly Lock _gate = new();

    /// <summary>Creates a market.</summary>
    public MarketManager(ReputationSystem reputation, ISignatureVerifier verifier, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(reputation);
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(time);
        _reputation = reputation;
        _verifier = verifier;
        _time = time;
    }

    /// <summary>Offers currently kept.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _offers.Count;
            }
        }
    }

    /// <summary>Adds or replaces a host's offer. Returns false (and keeps nothing) for a bad signature, an expired offer, a banned host, a non-positive capacity or price, or a full market.</summary>
    public bool Publish(HostOffer offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        if (offer.CapacityBytes <= 0 || offer.PricePerGbDay.Micros <= 0 || offer.ExpiresAt <= _time.GetUtcNow()
            || !offer.VerifySignature(_verifier) || _reputation.IsBanned(offer.Host))
        {
            return false;
        }

        lock (_gate)
        {
            if (!_offers.ContainsKey(offer.Host) && _offers.Count >= MaxOffers)
            {
                return false;
            }

            _offers[offer.Host] = offer;
            return true;
        }
    }

    /// <summary>Places <paramref name="request"/>'s shards on the best offers; offers' capacity is not consumed (the caller contracts with the chosen hosts).</summary>
    public PlacementResult Match(PlacementRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.ReplicasPerShard);
        var now = _time.GetUtcNow();
        List<HostOffer> candidates;
        lock (_gate)
        {
            candidates = _offers.Values
                .Where(o => o.Tier == request.Tier && o.ExpiresAt > now && o.PricePerGbDay <= request.MaxPricePerGbDay && _reputation.IsEligibleForReplication(o.Host))
                .ToList();
        }

        var ordered = candidates
            .Select(o => (Offer: o, Reputation: _reputation.GetScore(o.Host)))
            .OrderBy(c => c.Offer.PricePerGbDay)
            .ThenByDescending(c => c.Reputation)
            .ThenBy(c => c.Offer.Host)
            .Select(c => c.Offer)
            .ToList();
        var capacity = ordered.ToDictionary(o => o.Host, o => o.CapacityBytes);
        var assignments = new List<ShardAssignment>();
        var unfilled = new List<(int, ShardTerms, int)>();
        for (var segment = 0; segment < request.Segments.Count; segment++)
        {
            var hosts = new HashSet<NodeId>();
            var subnets = new HashSet<string>(StringComparer.Ordinal);
            foreach (var shard in request.Segments[segment])
            {
                var missing = 0;
                for (var replica = 0; replica < request.ReplicasPerShard; replica++)
                {
                    var pick = ordered.FirstOrDefault(o => capacity[o.Host] >= shard.SizeBytes && !hosts.Contains(o.Host) && !subnets.Contains(o.Subnet));
                    var shared = false;
                    if (pick is null)
                    {
                        pick = ordered.FirstOrDefault(o => capacity[o.Host] >= shard.SizeBytes && !hosts.Contains(o.Host));
                        shared = pick is not null;
                    }

                    if (pick is null)
                    {
                        missing++;
                        continue;
                    }

                    capacity[pick.Host] -= shard.SizeBytes;
                    hosts.Add(pick.Host);
                    subnets.Add(pick.Subnet);
                    assignments.Add(new ShardAssignment(segment, shard, pick, shared));
                }

                if (missing > 0)
                {
                    unfilled.Add((segment, shard, missing));
                }
            }
        }

        return new PlacementResult(assignments, unfilled);
    }
}
