using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Zhtp.Storage.Content;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Cryptography;
using Zhtp.Storage.Types.Identities;
using Zhtp.Storage.Unified.Economics;
using Zhtp.Storage.Unified.Metrics;

namespace Zhtp.Storage.Unified.Runtime;

/// <summary>
/// The layers of one running node, built in order (data-directory lock, node key, DHT node, user identity,
/// content manager, vault, meters) and disposed in reverse.
/// </summary>
internal sealed class StorageStack : IAsyncDisposable
{
    /// <summary>The routing snapshot's file name in the data directory (the same as <c>zhtp node</c>'s).</summary>
    public const string RoutingSnapshotFileName = "routing.snapshot";

    /// <summary>The folder of the data directory that holds one content folder (index, owned list) per identity served through <see cref="ContentFor"/>.</summary>
    public const string IdentityContentDirectory = "content-identities";

    private readonly DataDirectoryLock? _lock;
    private readonly IDhtNode _node;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IdentityId, Lazy<IContentManager>> _identityManagers = new();
    private Func<ZhtpIdentity, IContentManager>? _createManager;

    private StorageStack(DataDirectoryLock? directoryLock, IDhtNode node, INodeSigner signer, ZhtpIdentity identity, bool identityPersistent, IContentManager content, IIdentityVault vault, StorageMetrics metrics, ContentCounters counters, MeteredDhtNode metered, bool hasSnapshot, DateTimeOffset startedAt, NodeMarket? market, IRecordStore records)
    {
        Market = market;
        Records = records;
        _lock = directoryLock;
        _node = node;
        Signer = signer;
        Identity = identity;
        IdentityPersistent = identityPersistent;
        Content = content;
        Vault = vault;
        Metrics = metrics;
        Counters = counters;
        Node = metered;
        HasRoutingSnapshot = hasSnapshot;
        StartedAt = startedAt;
    }

    /// <summary>The DHT node (through the metering view, which times lookups).</summary>
    public IDhtNode Node { get; }

    public INodeSigner Signer { get; }

    public ZhtpIdentity Identity { get; }

    public bool IdentityPersistent { get; }

    public IContentManager Content { get; }

    public IIdentityVault Vault { get; }

    public StorageMetrics Metrics { get; }

    public ContentCounters Counters { get; }

    public bool HasRoutingSnapshot { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>The storage market (economics enabled), or null.</summary>
    public NodeMarket? Market { get; }

    /// <summary>The DHT node's record store (shards included).</summary>
    public IRecordStore Records { get; }

    /// <summary>The market's counters from the contract manager; all zero while economics are disabled.</summary>
    public EconomicStats EconomicStats() => Market?.Contracts.GetStats() ?? new();

    public static async Task<StorageStack> OpenAsync(ZhtpStorageOptions options, ILoggerFactory loggers, TimeProvider time, Func<string, string?> environment, CancellationToken cancellationToken, TimeProvider? contractTime = null)
    {
        string? directory = options.DataDirectory is { } d ? Path.GetFullPath(d) : null;
        var undo = new Stack<IAsyncDisposable>();
        try
        {
            DataDirectoryLock? directoryLock = null;
            if (directory is not null)
            {
                directoryLock = DataDirectoryLock.Acquire(directory);
                undo.Push(new Disposer(directoryLock.Dispose));
            }

            INodeSigner signer = directory is not null ? NodeSigners.LoadOrCreate(directory, options.NodeKeyAlgorithm)
                : options.NodeKeyAlgorithm == SignatureAlgorithm.MLDsa65 ? NodeSigners.CreateMLDsa65() : NodeSigners.CreateEcdsaP256();
            string? snapshot = directory is null ? null : Path.Combine(directory, RoutingSnapshotFileName);
            IDatagramTransport transport;
            try
            {
                transport = DatagramTransports.BindUdp(new IPEndPoint(IPAddress.Parse(options.BindAddress), options.Port));
            }
            catch (System.Net.Sockets.SocketException e)
            {
                throw new UnifiedStorageException($"Cannot listen on {options.BindAddress}:{options.Port}: {e.Message}. Choose another Port (0 picks a free one).", e);
            }

            IRecordStore records = directory is null ? RecordStores.InMemory(options.Dht.StorageQuotaBytes) : RecordStores.OpenSqlite(Path.Combine(directory, "records"), options.Dht.StorageQuotaBytes);
            IDhtNode node = await DhtNode.CreateAsync(new DhtNodeOptions
            {
                Config = options.Dht,
                Transport = transport,
                Signer = signer,
                Store = records,
                RoutingSnapshotPath = snapshot,
                TimeProvider = time,
                Logger = loggers.CreateLogger(ZhtpStorageMeters.Dht),
            }, cancellationToken).ConfigureAwait(false);
            undo.Push(node);

            (ZhtpIdentity identity, bool persistent) = LoadIdentity(options, directory, environment, loggers.CreateLogger(ZhtpStorageMeters.Unified));
            undo.Push(new Disposer(identity.Dispose));

            NodeMarket? market = null;
            if (options.EconomicsEnabled)
            {
                market = NodeMarket.Open(node, signer, records, options, directory, contractTime ?? time, loggers.CreateLogger(ZhtpStorageMeters.Economic));
                undo.Push(market);
            }

            var counters = new ContentCounters();
            var metrics = new StorageMetrics(node.Self.Id, node.GetStats, counters, () => market?.Contracts.GetStats() ?? new EconomicStats());
            undo.Push(new Disposer(metrics.Dispose));
            var metered = new MeteredDhtNode(node, metrics);
            IContentManager CreateManager(ZhtpIdentity acting, string? contentDirectory) => ContentManagers.Create(metered, new ContentManagerOptions
            {
                Content = options.Content,
                Erasure = options.Erasure,
                SegmentSize = options.SegmentSize,
                Identity = acting,
                DataDirectory = contentDirectory,
                Logger = loggers.CreateLogger(ZhtpStorageMeters.Content),
                Time = time,
                HostSelector = market?.Placement,
            });
            IContentManager content = CreateManager(identity, directory is null ? null : Path.Combine(directory, "content"));
            undo.Push(content);
            IIdentityVault vault = IdentityVaults.Create(metered);
            return new StorageStack(directoryLock, node, signer, identity, persistent, content, vault, metrics, counters, metered, snapshot is not null && File.Exists(snapshot), time.GetUtcNow(), market, records)
            {
                _createManager = acting => CreateManager(acting, directory is null ? null : Path.Combine(directory, IdentityContentDirectory, acting.Id.ToString())),
            };
        }
        catch
        {
            while (undo.TryPop(out IAsyncDisposable? disposable))
            {
                await disposable.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>The content manager acting as <paramref name="identity"/>: the node's own for null or the node's identity, otherwise one per identity id, created on first use.</summary>
    public IContentManager ContentFor(ZhtpIdentity? identity)
    {
        if (identity is null || identity.Id == Identity.Id)
        {
            return Content;
        }

        Func<ZhtpIdentity, IContentManager> create = _createManager ?? throw new InvalidOperationException("The stack was not opened.");
        return _identityManagers.GetOrAdd(identity.Id, _ => new Lazy<IContentManager>(() => create(identity))).Value;
    }

    /// <summary>Content managers (per identity, then the node's), identity, meters, DHT node (it saves its routing snapshot and closes its store), then the lock.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (Lazy<IContentManager> manager in _identityManagers.Values)
        {
            if (manager.IsValueCreated)
            {
                await manager.Value.DisposeAsync().ConfigureAwait(false);
            }
        }

        await Content.DisposeAsync().ConfigureAwait(false);
        if (Market is not null)
        {
            await Market.DisposeAsync().ConfigureAwait(false);
        }

        Identity.Dispose();
        Metrics.Dispose();
        await _node.DisposeAsync().ConfigureAwait(false);
        _lock?.Dispose();
    }

    /// <summary>
    /// The node's user identity: with a passphrase in the environment variable and a data directory, the sealed
    /// identity file (created with a new Hybrid identity on first start); otherwise a new in-memory identity.
    /// </summary>
    private static (ZhtpIdentity Identity, bool Persistent) LoadIdentity(ZhtpStorageOptions options, string? directory, Func<string, string?> environment, ILogger logger)
    {
        string? passphrase = environment(options.IdentityPassphraseVariable);
        string? path = directory is null ? null : Path.Combine(directory, options.IdentityFile);
        if (string.IsNullOrEmpty(passphrase) || path is null)
        {
            if (path is not null && File.Exists(path))
            {
                throw new UnifiedStorageException($"The identity file {path} exists but the environment variable {options.IdentityPassphraseVariable} that holds its passphrase is not set; set it (or move the file away to start as a new identity).");
            }

            Log.EphemeralIdentity(logger, options.IdentityPassphraseVariable, path is null ? ", data in memory" : "");
            return (ZhtpIdentity.Create(new IdentityOptions()), false);
        }

        if (File.Exists(path))
        {
            try
            {
                return (ZhtpIdentity.ImportSealed(File.ReadAllBytes(path), passphrase), true);
            }
            catch (WrongPassphraseException e)
            {
                throw new UnifiedStorageException($"The passphrase in {options.IdentityPassphraseVariable} does not open the identity file {path}.", e);
            }
        }

        ZhtpIdentity identity = ZhtpIdentity.Create(new IdentityOptions());
        byte[] sealedKeys = identity.ExportSealed(passphrase, Argon2idParameters.Default);
        try
        {
            KeyFiles.WriteNew(path, sealedKeys);
        }
        catch
        {
            identity.Dispose();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sealedKeys);
        }

        Log.IdentityCreated(logger, identity.Id.ToString(), path);
        return (identity, true);
    }

    /// <summary>Adapts a synchronous dispose to the undo stack.</summary>
    private sealed class Disposer(Action dispose) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            dispose();
            return ValueTask.CompletedTask;
        }
    }
}
