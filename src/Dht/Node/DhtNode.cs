using Zhtp.Storage.Dht.Node;

namespace Zhtp.Storage.Dht;

/// <summary>Creates DHT nodes.</summary>
public static class DhtNode
{
    /// <summary>
    /// Validates the options, creates the node and starts receiving. The node owns the transport and
    /// the store and disposes them. Call <see cref="IDhtNode.JoinAsync"/> next.
    /// </summary>
    /// <exception cref="Types.ConfigurationException">The configuration is invalid; the message lists every problem.</exception>
    public static Task<IDhtNode> CreateAsync(DhtNodeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Transport);
        ArgumentNullException.ThrowIfNull(options.Signer);
        options.Config.EnsureValid();
        cancellationToken.ThrowIfCancellationRequested();
        IRecordStore store = options.Store ?? RecordStores.InMemory(options.Config.StorageQuotaBytes);
        return Task.FromResult<IDhtNode>(KademliaNode.Start(options, store));
    }

    /// <summary>Shorthand for <see cref="CreateAsync(DhtNodeOptions, CancellationToken)"/>.</summary>
    public static Task<IDhtNode> CreateAsync(
        Types.DhtConfig config,
        IDatagramTransport transport,
        INodeSigner signer,
        IRecordStore? store = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default) =>
        CreateAsync(
            new DhtNodeOptions
            {
                Config = config ?? throw new ArgumentNullException(nameof(config)),
                Transport = transport,
                Signer = signer,
                Store = store,
                TimeProvider = timeProvider ?? TimeProvider.System,
            },
            cancellationToken);
}
