namespace Zhtp.Storage.Economic.Hosting;

/// <summary>
/// Makes a DHT node a storage host of the market, in one call: it answers quote requests
/// (<c>zhtp/market/quote/1</c>: a signed offer and a signed quote), signs contracts for shards it
/// holds (<c>zhtp/market/sign/1</c>), holds replicated contracts (ContractDeploy/Execute/Query) and
/// answers Merkle audits (<c>zhtp/audit/1</c>) from the bytes in its shard store. Unified nodes, the
/// demo and tests all use this.
/// </summary>
public static class EconomicHosting
{
    /// <summary>Registers the market's handlers on <paramref name="node"/> (replacing any earlier contract, audit or market handlers).</summary>
    /// <param name="node">The node to serve on.</param>
    /// <param name="signer">The node's signer: quotes, contracts and audit answers are signed with it; its key must be the node's.</param>
    /// <param name="shards">Where the host's shards are (usually <see cref="ShardsIn"/> over the node's record store).</param>
    /// <param name="options">Pricing, clock and persistence; null for defaults.</param>
    /// <exception cref="ArgumentException">The signer's key is not the node's.</exception>
    public static IEconomicHost AttachHost(IDhtNode node, INodeSigner signer, IShardStore shards, EconomicHostOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(shards);
        if (!signer.PublicKey.Span.SequenceEqual(node.PublicKey.Span))
        {
            throw new ArgumentException("The signer's key is not the node's key; pass the signer the node was created with.", nameof(signer));
        }

        var host = new EconomicHost(node, signer, shards, options ?? new EconomicHostOptions());
        host.Attach();
        return host;
    }

    /// <summary>A node's DHT record store as a shard store: a shard is the record whose key is BLAKE3 of its bytes (how content places shards).</summary>
    /// <param name="records">The node's record store.</param>
    /// <param name="time">The clock that decides whether a held record has expired (a shard kept for a contract is
    /// one that has not); null for <see cref="TimeProvider.System"/>. Pass the node's clock.</param>
    public static IShardStore ShardsIn(IRecordStore records, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        return new RecordShardStore(records, time ?? TimeProvider.System);
    }
}
