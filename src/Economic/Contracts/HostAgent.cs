namespace Zhtp.Storage.Economic.Contracts;

/// <summary>
/// The host's side: checks that drafted terms match a quote it issued before signing them, and
/// answers audits from its shard store.
/// </summary>
internal sealed class HostAgent
{
    private readonly INodeSigner _host;
    private readonly PricingEngine _pricing;
    private readonly ISignatureVerifier _verifier;
    private readonly TimeProvider _time;

    /// <summary>Creates the agent; it answers audits with its node key.</summary>
    public HostAgent(INodeSigner host, IShardStore store, PricingEngine pricing, ISignatureVerifier verifier, TimeProvider time)
        : this(host, store, pricing, verifier, time, null)
    {
    }

    /// <summary>Creates the agent; it answers audits with <paramref name="blsKey"/> when given (its published holder key), else with its node key.</summary>
    public HostAgent(INodeSigner host, IShardStore store, PricingEngine pricing, ISignatureVerifier verifier, TimeProvider time, Types.Cryptography.Bls12381.SecretKey? blsKey)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(pricing);
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(time);
        _host = host;
        _pricing = pricing;
        _verifier = verifier;
        _time = time;
        Responder = new AuditResponder(host, store, blsKey);
    }

    /// <summary>Answers audits.</summary>
    public AuditResponder Responder { get; }

    /// <summary>The host's public key.</summary>
    public ReadOnlyMemory<byte> PublicKey => _host.PublicKey;

    /// <summary>Signs <paramref name="draft"/> when it matches <paramref name="quote"/> (issued by this host, still valid, same price split).</summary>
    /// <exception cref="ContractException">The quote is not valid or the terms do not match it.</exception>
    public StorageContract Sign(StorageContract draft, Quote quote)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(quote);
        var status = QuoteValidator.Check(quote, _pricing, _verifier, _time.GetUtcNow());
        if (status != QuoteStatus.Valid)
        {
            throw new ContractException($"The quote is {status}; ask for a new quote.");
        }

        if (!quote.HostPublicKey.Span.SequenceEqual(_host.PublicKey.Span) || draft.QuoteId != quote.QuoteId)
        {
            throw new ContractException("The draft is not based on a quote of this host.");
        }

        var share = quote.Price.HostPayment.MulDiv(1, quote.Request.Replication);
        if (draft.Value < share || draft.Duration != quote.Request.Duration || draft.Tier != quote.Request.Tier || draft.SizeBytes > quote.Request.SizeBytes)
        {
            throw new ContractException("The draft's value, duration, tier or size does not match the quote.");
        }

        draft.Validate();
        return draft.SignAsHost(_host);
    }
}
