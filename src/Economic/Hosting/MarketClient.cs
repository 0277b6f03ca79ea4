namespace Zhtp.Storage.Economic.Hosting;

/// <summary>
/// The renter's side of the market requests (<see cref="EconomicHosting"/> serves them): asks hosts
/// for signed quotes and for their signature on contracts. Answers that do not verify are dropped.
/// </summary>
internal sealed class MarketClient
{
    private readonly IDhtNode _node;
    private readonly PricingEngine _pricing;
    private readonly ISignatureVerifier _verifier;
    private readonly TimeProvider _time;

    /// <summary>Sends through <paramref name="node"/>; quotes are checked with <paramref name="pricing"/>'s rules at <paramref name="time"/>'s now.</summary>
    public MarketClient(IDhtNode node, PricingEngine pricing, ISignatureVerifier verifier, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(pricing);
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(time);
        _node = node;
        _pricing = pricing;
        _verifier = verifier;
        _time = time;
    }

    /// <summary>Asks <paramref name="host"/> for a quote; null when it did not answer, refused, or answered with a quote or offer that does not verify, is not its own, or prices another request.</summary>
    public async Task<MarketQuote?> RequestQuoteAsync(Contact host, QuoteRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(request);
        var response = await _node.SendRequestAsync(host, MarketProtocol.Quote, MarketProtocol.EncodeRequest(request), cancellationToken).ConfigureAwait(false);
        if (!response.Success)
        {
            return null;
        }

        try
        {
            var (offer, quote) = MarketProtocol.DecodeReply(response.Payload);
            var ok = quote.Host == host.Id && offer.Host == host.Id && quote.Request == request && offer.VerifySignature(_verifier)
                && QuoteValidator.Check(quote, _pricing, _verifier, _time.GetUtcNow()) == QuoteStatus.Valid;
            return ok ? new MarketQuote(host, offer, quote) : null;
        }
        catch (Zhtp.Storage.Types.MessagePack.MessagePackSerializationException)
        {
            return null;
        }
    }

    /// <summary>Sends the renter-signed <paramref name="draft"/> to its host and returns the contract signed by both.</summary>
    /// <exception cref="ContractException">The host refused (the message says why), did not answer, or answered with a signature that does not verify.</exception>
    public async Task<StorageContract> RequestSignatureAsync(Contact host, StorageContract draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(draft);
        var response = await _node.SendRequestAsync(host, MarketProtocol.Sign, draft.Encode(), cancellationToken).ConfigureAwait(false);
        if (!response.Success)
        {
            throw new ContractException($"Host {host.Id} did not sign contract {draft.ContractId}: {response.Error}{(response.Message is { } m ? $" ({m})" : "")}.");
        }

        StorageContract signed;
        try
        {
            signed = draft with { HostSignature = MarketProtocol.DecodeSignature(response.Payload) };
        }
        catch (Zhtp.Storage.Types.MessagePack.MessagePackSerializationException ex)
        {
            throw new ContractException($"Host {host.Id} answered the signature request with malformed bytes: {ex.Message}", ex);
        }

        return signed.IsSignedByBoth(_verifier)
            ? signed
            : throw new ContractException($"Host {host.Id} answered contract {draft.ContractId} with a signature that does not verify.");
    }
}
