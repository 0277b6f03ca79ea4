namespace Zhtp.Storage.Economic.Contracts;

/// <summary>Turns an accepted quote into one contract per host of the placement.</summary>
internal static class ContractDrafts
{
    /// <summary>
    /// Drafts the contracts of a placement: one per host key, each for <paramref name="shards"/>,
    /// with the quote's host payment, fees and largest bonus split evenly (the first contracts
    /// take the remainder micro-tokens), so the contracts add up to the quote exactly.
    /// </summary>
    /// <exception cref="ContractException">No hosts, or more hosts than the quote's replication.</exception>
    public static IReadOnlyList<StorageContract> ForPlacement(
        Quote quote, ReadOnlyMemory<byte> renterKey, IReadOnlyList<ReadOnlyMemory<byte>> hostKeys, IReadOnlyList<ShardTerms> shards,
        DateTimeOffset startsAt, TimeSpan billingPeriod, SlaTerms? sla = null)
    {
        ArgumentNullException.ThrowIfNull(quote);
        ArgumentNullException.ThrowIfNull(hostKeys);
        ArgumentNullException.ThrowIfNull(shards);
        var replication = quote.Request.Replication;
        if (hostKeys.Count == 0 || hostKeys.Count > replication)
        {
            throw new ContractException($"A placement of replication {replication} needs 1 to {replication} hosts, got {hostKeys.Count}.");
        }

        var start = DateTimeOffset.FromUnixTimeMilliseconds(startsAt.ToUnixTimeMilliseconds());
        var contracts = new List<StorageContract>();
        for (var i = 0; i < hostKeys.Count; i++)
        {
            contracts.Add(new StorageContract
            {
                QuoteId = quote.QuoteId,
                RenterKey = renterKey,
                HostKey = hostKeys[i],
                Shards = shards,
                Tier = quote.Request.Tier,
                Replication = replication,
                StartsAt = start,
                Duration = quote.Request.Duration,
                BillingPeriod = billingPeriod,
                Value = Split(quote.Price.HostPayment, replication, i),
                Fees = Split(quote.Price.Fees, replication, i),
                MaxPerformanceBonus = Split(quote.Price.MaxPerformanceBonus, replication, i),
                Sla = sla ?? new SlaTerms(),
            });
        }

        return contracts;
    }

    /// <summary>Share <paramref name="index"/> of <paramref name="parts"/> of <paramref name="total"/> (shares differ by at most one micro-token and add up to the total).</summary>
    public static TokenAmount Split(TokenAmount total, int parts, int index) =>
        total.MulDiv(index + 1, parts) - total.MulDiv(index, parts);
}
