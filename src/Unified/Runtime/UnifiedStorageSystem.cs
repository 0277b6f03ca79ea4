using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Zhtp.Storage.Content;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Economic;
using Zhtp.Storage.Economic.Pricing;
using Zhtp.Storage.Economic.Quotes;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Identities;
using Zhtp.Storage.Unified.Metrics;

namespace Zhtp.Storage.Unified.Runtime;

/// <summary>
/// The facade (see <see cref="IUnifiedStorageSystem"/>). Created stopped; <see cref="StartAsync"/> opens the data
/// directory and builds the layers (<see cref="StorageStack"/>); <see cref="DisposeAsync"/> tears them down in reverse.
/// </summary>
internal sealed class UnifiedStorageSystem : IUnifiedStorageSystem
{
    private readonly ZhtpStorageOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Func<string, string?> _environment;
    private readonly TimeProvider? _contractTime;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly Lock _configLock = new();
    private volatile UnifiedStorageConfig _config;
    private StorageStack? _stack;
    private bool _disposed;

    /// <summary>Creates a stopped system.</summary>
    /// <param name="options">The options (validated at start).</param>
    /// <param name="loggers">Logger factory; null logs nothing.</param>
    /// <param name="time">The clock of every layer; null for the system clock.</param>
    /// <param name="environment">Reads environment variables (the identity passphrase); null for the process environment.</param>
    /// <param name="contractTime">The market's contract clock (quotes, periods, audits) when it should differ from <paramref name="time"/> (tests and the demo run it simulated).</param>
    public UnifiedStorageSystem(ZhtpStorageOptions options, ILoggerFactory? loggers, TimeProvider? time, Func<string, string?>? environment = null, TimeProvider? contractTime = null)
    {
        _contractTime = contractTime;
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger(ZhtpStorageMeters.Unified);
        _time = time ?? TimeProvider.System;
        _environment = environment ?? Environment.GetEnvironmentVariable;
        _config = options.ToConfig();
    }

    /// <summary>The running layers, for DI registrations of IDhtNode, IContentManager and IIdentityVault.</summary>
    internal StorageStack Stack => _stack ?? throw NotRunning();

    /// <exception cref="ConfigurationException">The options are invalid (every bad key listed).</exception>
    /// <exception cref="DataDirectoryLockedException">Another node uses the data directory.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_stack is not null)
            {
                return;
            }

            if (_options.Validate() is { Count: > 0 } errors)
            {
                throw new ConfigurationException(nameof(ZhtpStorageOptions), errors);
            }

            _stack = await StorageStack.OpenAsync(_options, _loggers, _time, _environment, cancellationToken, _contractTime).ConfigureAwait(false);
            await JoinBootstrapAsync(_stack, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_stack is { } stack)
            {
                _stack = null;
                await stack.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public Task<ContentReceipt> UploadContentAsync(Stream content, ContentUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        options ??= new ContentUploadOptions();
        if (options.Encryption is null)
        {
            options = options with { Encryption = _config.Content.DefaultEncryption };
        }

        return RunAsync("upload", async stack =>
        {
            ContentReceipt receipt = await stack.Content.UploadAsync(content, options, cancellationToken).ConfigureAwait(false);
            stack.Counters.OnUpload(receipt.Length, receipt.StoredBytes, receipt.Shards);
            return receipt;
        });
    }

    public Task<DownloadResult> DownloadContentAsync(ContentId id, Stream destination, ulong? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return RunAsync("download", async stack =>
        {
            DownloadResult result = await stack.Content.DownloadAsync(id, destination, version, null, cancellationToken).ConfigureAwait(false);
            stack.Counters.OnDownload(result.BytesWritten);
            return result;
        });
    }

    public Task<IReadOnlyList<ContentSearchHit>> SearchContentAsync(ContentSearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return RunAsync("search", stack => stack.Content.SearchAsync(query, cancellationToken));
    }

    public Task<Quote> GetStorageQuoteAsync(QuoteRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync("quote", stack =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            DhtStats dht = stack.Node.GetStats();
            decimal utilization = dht.StorageQuotaBytes > 0 ? Math.Clamp((decimal)dht.StorageUsedBytes / dht.StorageQuotaBytes, 0m, 1m) : 0m;
            var issuer = QuoteIssuers.Create(_config.Economic, stack.Signer, _time, Random.Shared);
            Quote quote = issuer.Issue(request, new MarketConditions(utilization, 0m));
            stack.Metrics.RecordQuote();
            return Task.FromResult(quote);
        });
    }

    public Task<UnifiedStorageStats> GetStatisticsAsync(CancellationToken cancellationToken = default) =>
        RunAsync("stats", stack =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            ContentCounters c = stack.Counters;
            ErasureConfig erasure = _config.Erasure;
            return Task.FromResult(new UnifiedStorageStats
            {
                Dht = stack.Node.GetStats(),
                Economic = stack.EconomicStats(),
                Storage = new StorageStats
                {
                    ContentItems = c.Uploads,
                    OriginalBytes = c.BytesUploaded,

                    // Shards hold the compressed, sealed segments cut into k data shards plus m parity shards.
                    CompressedBytes = c.BytesStored * erasure.DataShards / (erasure.DataShards + erasure.ParityShards),
                    ShardBytes = c.BytesStored,
                    Shards = c.Shards,
                    ShardsReconstructed = c.ShardsRepaired,
                },
                Uptime = _time.GetUtcNow() - stack.StartedAt,
            });
        });

    public Task<Contact?> AddPeerAsync(IPEndPoint endPoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return RunAsync("add-peer", async stack =>
        {
            if (endPoint.Equals(stack.Node.Self.EndPoint))
            {
                throw new ArgumentException($"{endPoint} is this node's own endpoint; add another node's.", nameof(endPoint));
            }

            Contact? contact = await stack.Node.PingAsync(endPoint, cancellationToken).ConfigureAwait(false);
            if (contact is not null)
            {
                await stack.Node.JoinAsync([endPoint], cancellationToken).ConfigureAwait(false);
            }

            return contact;
        });
    }

    public Task<MaintenanceReport> PerformMaintenanceAsync(CancellationToken cancellationToken = default) =>
        RunAsync("maintenance", async stack =>
        {
            long started = Stopwatch.GetTimestamp();
            if (stack.Market is { } market)
            {
                await market.TickAsync(cancellationToken).ConfigureAwait(false);
            }

            IReadOnlyList<RepairReport> reports = await stack.Content.RunMaintenanceAsync(cancellationToken).ConfigureAwait(false);
            foreach (RepairReport report in reports)
            {
                stack.Counters.OnRepair(report.ShardsMissing, report.ShardsRepaired);
            }

            await stack.Node.RunMaintenanceAsync(cancellationToken).ConfigureAwait(false);
            return new MaintenanceReport(reports, Stopwatch.GetElapsedTime(started));
        });

    public NodeInfo GetNodeInfo()
    {
        StorageStack stack = Stack;
        return new NodeInfo(stack.Node.Self.Id, stack.Node.Self.EndPoint, stack.Node.PublicKey, stack.Identity.Id, stack.IdentityPersistent, _options.DataDirectory, _options.EconomicsEnabled, stack.StartedAt);
    }

    public IReadOnlyList<Contact> GetPeers() => Stack.Node.GetContacts();

    public IContentManager ContentFor(ZhtpIdentity? identity)
    {
        StorageStack stack = Stack;
        return new ContentManagerView(stack.ContentFor(identity), stack.Counters);
    }

    public UnifiedStorageConfig GetConfig() => _config;

    public void UpdateConfig(UnifiedStorageConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        lock (_configLock)
        {
            UnifiedStorageConfig current = _config;
            var errors = new List<string>(config.Validate());
            const string Restart = "cannot change while running; set it in the options and restart";
            if (config.DataDirectory != current.DataDirectory)
            {
                errors.Add($"{nameof(UnifiedStorageConfig)}.{nameof(UnifiedStorageConfig.DataDirectory)}: {Restart}");
            }

            if (config.Dht is not null && config.Dht != current.Dht)
            {
                errors.Add($"{nameof(UnifiedStorageConfig)}.{nameof(UnifiedStorageConfig.Dht)}: {Restart}");
            }

            if (config.Erasure is not null && config.Erasure != current.Erasure)
            {
                errors.Add($"{nameof(UnifiedStorageConfig)}.{nameof(UnifiedStorageConfig.Erasure)}: {Restart}");
            }

            if (config.Content is not null && config.Content with { DefaultEncryption = current.Content.DefaultEncryption } != current.Content)
            {
                errors.Add($"{nameof(UnifiedStorageConfig)}.{nameof(UnifiedStorageConfig.Content)}: only DefaultEncryption can change while running; for the other fields, {Restart}");
            }

            if (errors.Count > 0)
            {
                throw new ConfigurationException(nameof(UnifiedStorageConfig), errors);
            }

            _config = config;
        }

        Log.ConfigUpdated(_logger, config.Content!.DefaultEncryption.ToString(), config.Economic!.BasePricePerGbDay); // validated: not null
    }

    public Task StoreIdentityCredentialsAsync(ZhtpIdentity identity, string passphrase, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return RunAsync("identity-store", async stack =>
        {
            await stack.Vault.StoreAsync(identity, passphrase, cancellationToken).ConfigureAwait(false);
            return true;
        });
    }

    public Task<ZhtpIdentity> RetrieveIdentityCredentialsAsync(IdentityId id, string passphrase, CancellationToken cancellationToken = default) =>
        RunAsync("identity-retrieve", stack => stack.Vault.RetrieveAsync(id, passphrase, cancellationToken));

    public Task<bool> IdentityExistsAsync(IdentityId id, CancellationToken cancellationToken = default) =>
        RunAsync("identity-exists", stack => stack.Vault.ExistsAsync(id, cancellationToken));

    public Task<Stream> OpenContentReadAsync(ContentId id, ulong? version = null, CancellationToken cancellationToken = default) =>
        RunAsync("open-read", stack => stack.Content.OpenReadAsync(id, version, cancellationToken));

    public Task<ContentReceipt> UpdateContentAsync(ContentId id, Stream content, ContentUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);

        // No options: the content manager carries the previous version's metadata and encryption over.
        if (options is { Encryption: null })
        {
            options = options with { Encryption = _config.Content.DefaultEncryption };
        }

        return RunAsync("update", async stack =>
        {
            ContentReceipt receipt = await stack.Content.UpdateAsync(id, content, options, cancellationToken).ConfigureAwait(false);
            stack.Counters.OnUpload(receipt.Length, receipt.StoredBytes, receipt.Shards);
            return receipt;
        });
    }

    public Task DeleteContentAsync(ContentId id, CancellationToken cancellationToken = default) =>
        RunAsync("delete", async stack =>
        {
            await stack.Content.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
            return true;
        });

    public Task<RepairReport> RepairContentAsync(ContentId id, ulong? version = null, CancellationToken cancellationToken = default) =>
        RunAsync("repair", async stack =>
        {
            RepairReport report = await stack.Content.RepairAsync(id, version, cancellationToken).ConfigureAwait(false);
            stack.Counters.OnRepair(report.ShardsMissing, report.ShardsRepaired);
            return report;
        });

    public Task<IReadOnlyList<ContentVersion>> ListContentVersionsAsync(ContentId id, CancellationToken cancellationToken = default) =>
        RunAsync("versions", stack => stack.Content.ListVersionsAsync(id, cancellationToken));

    public Task<ContentLookup> GetContentMetadataAsync(ContentId id, ulong? version = null, CancellationToken cancellationToken = default) =>
        RunAsync("metadata", stack => stack.Content.GetMetadataAsync(id, version, cancellationToken));

    public Task<IReadOnlyList<ShardPlacement>> GetContentPlacementAsync(ContentId id, ulong? version = null, CancellationToken cancellationToken = default) =>
        RunAsync("placement", stack => stack.Content.GetPlacementAsync(id, version, cancellationToken));

    private static UnifiedStorageException NotRunning() =>
        new("The storage system is not running: start it first (UnifiedStorageSystems.StartAsync, or the host that AddZhtpStorage registered), and do not use it after it stopped.");

    private async Task<T> RunAsync<T>(string operation, Func<StorageStack, Task<T>> action)
    {
        StorageStack stack = Stack;
        long started = Stopwatch.GetTimestamp();
        try
        {
            T result = await action(stack).ConfigureAwait(false);
            stack.Metrics.RecordOperation(operation, Stopwatch.GetElapsedTime(started), null);
            return result;
        }
        catch (Exception e)
        {
            stack.Metrics.RecordOperation(operation, Stopwatch.GetElapsedTime(started), e);
            throw;
        }
    }

    private async Task JoinBootstrapAsync(StorageStack stack, CancellationToken cancellationToken)
    {
        (List<IPEndPoint> bootstrap, List<string> failed) = await BootstrapEndpoints.ResolveAsync(_options.Bootstrap, cancellationToken).ConfigureAwait(false);
        foreach (string entry in failed)
        {
            Log.BootstrapUnresolved(_logger, entry);
        }

        if (bootstrap.Count == 0 && !stack.HasRoutingSnapshot)
        {
            Log.NoBootstrap(_logger, stack.Node.Self.Id.ToString(), stack.Node.Self.EndPoint.ToString());
            return;
        }

        int contacts = await stack.Node.JoinAsync(bootstrap, cancellationToken).ConfigureAwait(false);
        if (contacts == 0)
        {
            Log.BootstrapSilent(_logger, stack.Node.Self.Id.ToString(), string.Join(", ", bootstrap));
        }
        else
        {
            Log.Joined(_logger, stack.Node.Self.Id.ToString(), stack.Node.Self.EndPoint.ToString(), contacts);
        }
    }
}
