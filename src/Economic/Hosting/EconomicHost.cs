using System.Collections.Concurrent;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Economic.Hosting;

/// <summary>
/// The request handlers of <see cref="EconomicHosting.AttachHost"/>: quotes (remembered until they
/// expire, at most <see cref="MaxOpenQuotes"/>), contract signatures (only for shards held with the
/// Merkle roots the terms name, on a quote of this host), the contract holder and the audit responder.
/// </summary>
internal sealed class EconomicHost : IEconomicHost
{
    internal const int MaxOpenQuotes = 10_000;

    private readonly IDhtNode _node;
    private readonly INodeSigner _signer;
    private readonly IShardStore _shards;
    private readonly EconomicHostOptions _options;
    private readonly PricingEngine _pricing;
    private readonly QuoteIssuer _issuer;
    private readonly HostAgent _agent;
    private readonly Func<(long Used, long Quota)> _usage;
    private readonly ConcurrentDictionary<Hash256, Quote> _quotes = new();
    private readonly Lock _issueGate = new();
    private long _issued;
    private long _signed;
    private long _refused;

    public EconomicHost(IDhtNode node, INodeSigner signer, IShardStore shards, EconomicHostOptions options)
    {
        _node = node;
        _signer = signer;
        _shards = shards;
        _options = options;
        _pricing = new PricingEngine(options.Config);
        _issuer = new QuoteIssuer(_pricing, signer, options.Time, options.Random ?? Random.Shared);
        _usage = () =>
        {
            var stats = node.GetStats();
            return (stats.StorageUsedBytes, stats.StorageQuotaBytes);
        };
        Holder = new ContractHolder(signer, store: options.ContractStore);
        var blsKey = options.AcknowledgeWithBls ? options.BlsHolderKey ?? FreshBlsKey() : null;
        _attestor = new HolderAttestor(signer, blsKey);
        _agent = new HostAgent(signer, shards, _pricing, signer, options.Time, blsKey);
    }

    private readonly HolderAttestor _attestor;

    /// <inheritdoc />
    public HolderKey? HolderKey => _attestor.Key;

    public ContractHolder Holder { get; }

    /// <inheritdoc />
    IContractHolder IEconomicHost.Holder => Holder;

    public long QuotesIssued => Interlocked.Read(ref _issued);

    public long ContractsSigned => Interlocked.Read(ref _signed);

    public long SignaturesRefused => Interlocked.Read(ref _refused);

    public void Attach()
    {
        _node.RegisterContractHandler(new DhtContractHandler(Holder, _attestor));
        if (_attestor.Key is { } key)
        {
            HolderKeyDirectory.Serve(_node, key);
        }

        DhtAuditChannel.Serve(_node, _agent.Responder);
        _node.RegisterRequestHandler(MarketProtocol.Quote, (sender, payload, _) => ValueTask.FromResult<ReadOnlyMemory<byte>>(AnswerQuote(payload)));
        _node.RegisterRequestHandler(MarketProtocol.Sign, async (sender, payload, cancellationToken) => await SignAsync(sender, payload, cancellationToken).ConfigureAwait(false));
    }

    private byte[] AnswerQuote(ReadOnlyMemory<byte> payload)
    {
        QuoteRequest request;
        try
        {
            request = MarketProtocol.DecodeRequest(payload);
        }
        catch (MessagePackSerializationException ex)
        {
            throw new DhtRequestRejectedException($"malformed quote request: {ex.Message}");
        }

        var (used, quota) = _usage();
        var capacity = _options.CapacityBytes ?? Math.Max(0, quota - used);
        if (request.SizeBytes > capacity)
        {
            throw new DhtRequestRejectedException($"this host has {capacity} bytes free, the request asks {request.SizeBytes}");
        }

        var market = _options.Market?.Invoke() ?? new MarketConditions(quota > 0 ? Math.Clamp((decimal)used / quota, 0m, 1m) : 0m, 0m);
        Quote quote;
        try
        {
            lock (_issueGate)
            {
                quote = _issuer.Issue(request, market);
            }
        }
        catch (PricingException ex)
        {
            throw new DhtRequestRejectedException($"cannot price the request: {ex.Message}");
        }

        Remember(quote);
        var units = Math.Max(1, quote.Price.BilledGb * quote.Price.BilledDays * quote.Price.Replication);
        var offer = new HostOffer
        {
            HostKey = _signer.PublicKey.ToArray(),
            CapacityBytes = Math.Max(1, capacity),
            PricePerGbDay = TokenAmount.Max(new TokenAmount(1), quote.Price.Subtotal.MulDiv(1, units)),
            Tier = request.Tier,
            Region = _options.Region,
            Address = _node.Self.EndPoint.Address,
            ExpiresAt = quote.ExpiresAt,
        }.SignWith(_signer);
        Interlocked.Increment(ref _issued);
        return MarketProtocol.EncodeReply(offer, quote);
    }

    private void Remember(Quote quote)
    {
        if (_quotes.Count >= MaxOpenQuotes)
        {
            var now = _options.Time.GetUtcNow();
            foreach (var (id, old) in _quotes)
            {
                if (old.IsExpiredAt(now))
                {
                    _quotes.TryRemove(id, out _);
                }
            }

            if (_quotes.Count >= MaxOpenQuotes)
            {
                throw new DhtRequestRejectedException($"this host has {MaxOpenQuotes} open quotes; ask again later");
            }
        }

        _quotes[quote.QuoteId] = quote;
    }

    private async Task<ReadOnlyMemory<byte>> SignAsync(Contact sender, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        try
        {
            return await SignCheckedAsync(sender, payload, cancellationToken).ConfigureAwait(false);
        }
        catch (DhtRequestRejectedException)
        {
            Interlocked.Increment(ref _refused);
            throw;
        }
    }

    private async Task<ReadOnlyMemory<byte>> SignCheckedAsync(Contact sender, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        StorageContract draft;
        try
        {
            draft = StorageContract.Decode(payload);
            draft.Validate();
        }
        catch (Exception ex) when (ex is MessagePackSerializationException or ContractException)
        {
            throw new DhtRequestRejectedException($"malformed contract: {ex.Message}");
        }

        if (draft.Renter != sender.Id)
        {
            throw new DhtRequestRejectedException("the contract's renter is not the node asking");
        }

        if (!SignedEnvelope.Verify(_signer, draft.RenterKey.Span, ContractCodec.Domain, ContractCodec.EncodeTerms(draft), draft.RenterSignature.Span))
        {
            throw new DhtRequestRejectedException("the renter's signature does not verify");
        }

        if (!_quotes.TryGetValue(draft.QuoteId, out var quote))
        {
            throw new DhtRequestRejectedException($"quote {draft.QuoteId} is unknown here (never issued, or forgotten); ask for a new quote");
        }

        // Before hashing anything: a contract now up to 65,535 bytes (over the bulk channel) names many shards,
        // so the bytes to hash are bounded by the quote's size, which this host priced and agreed to.
        long named = 0;
        foreach (var shard in draft.Shards)
        {
            if (shard.SizeBytes <= 0 || shard.SizeBytes > quote.Request.SizeBytes - named)
            {
                throw new DhtRequestRejectedException($"the terms name shards of more bytes than the quote covers ({quote.Request.SizeBytes}), or a shard of no size");
            }

            named += shard.SizeBytes;
        }

        foreach (var shard in draft.Shards)
        {
            if (await _shards.GetAsync(shard.ShardId, cancellationToken).ConfigureAwait(false) is not { } bytes)
            {
                throw new DhtRequestRejectedException($"this host does not hold shard {shard.ShardId}; place it first");
            }

            if (bytes.Length != shard.SizeBytes || ShardMerkleTree.ComputeRoot(bytes.Span) != shard.MerkleRoot)
            {
                throw new DhtRequestRejectedException($"shard {shard.ShardId}: the size or Merkle root in the terms is not that of the bytes held");
            }
        }

        StorageContract signed;
        try
        {
            signed = _agent.Sign(draft, quote);
        }
        catch (ContractException ex)
        {
            throw new DhtRequestRejectedException(ex.Message);
        }

        // Paid to hold the shards for the term: keep them that long even if the renter stops renewing them.
        foreach (var shard in signed.Shards)
        {
            await _shards.KeepUntilAsync(shard.ShardId, signed.EndsAt, cancellationToken).ConfigureAwait(false);
        }

        Interlocked.Increment(ref _signed);
        return MarketProtocol.EncodeSignature(signed.HostSignature);
    }

    private static Zhtp.Storage.Types.Cryptography.Bls12381.SecretKey FreshBlsKey()
    {
        Span<byte> ikm = stackalloc byte[32];
        System.Security.Cryptography.RandomNumberGenerator.Fill(ikm);
        try
        {
            return Zhtp.Storage.Types.Cryptography.Bls12381.SecretKey.KeyGen(ikm);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(ikm);
        }
    }
}
