using System.Globalization;
using System.Net;
using Zhtp.Storage.Content;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Host.Bench;

/// <summary><c>--via content</c>: DHT nodes (SQLite or in-memory stores) and two raw <see cref="IContentManager"/>s on the first and last node.</summary>
internal sealed class RawContentBenchCluster : IContentBenchCluster
{
    private readonly List<IDhtNode> _nodes;
    private readonly ZhtpIdentity _identity;
    private readonly IContentManager _writer;
    private readonly IContentManager _reader;
    private readonly string _directory;

    private RawContentBenchCluster(List<IDhtNode> nodes, ZhtpIdentity identity, IContentManager writer, IContentManager reader, string directory, string description)
    {
        _nodes = nodes;
        _identity = identity;
        _writer = writer;
        _reader = reader;
        _directory = directory;
        Description = description;
    }

    public string Description { get; }

    public static async Task<RawContentBenchCluster> StartAsync(int nodeCount, bool memoryStores, int segmentSize, string directory, CancellationToken cancellationToken)
    {
        var nodes = new List<IDhtNode>();
        try
        {
            for (int i = 0; i < nodeCount; i++)
            {
                IDhtNode node = await DhtNode.CreateAsync(new DhtNodeOptions
                {
                    Config = BenchDhtConfig,
                    Transport = DatagramTransports.BindUdp(new IPEndPoint(IPAddress.Loopback, 0)),
                    Signer = NodeSigners.CreateEcdsaP256(),
                    Store = memoryStores ? RecordStores.InMemory(BenchDhtConfig.StorageQuotaBytes) : RecordStores.OpenSqlite(Path.Combine(directory, i.ToString(CultureInfo.InvariantCulture)), BenchDhtConfig.StorageQuotaBytes),
                    MaintenanceInterval = null,
                }, cancellationToken).ConfigureAwait(false);
                if (i > 0)
                {
                    await node.JoinAsync([nodes[0].Self.EndPoint], cancellationToken).ConfigureAwait(false);
                }

                nodes.Add(node);
            }

            foreach (IDhtNode node in nodes)
            {
                await node.JoinAsync([nodes[^1].Self.EndPoint], cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await DisposeAllAsync(nodes).ConfigureAwait(false);
            throw;
        }

        // One Hybrid user identity writes and reads (on different nodes): every level goes through the
        // same signing and wrapping seam, so the levels differ only in what they do per content.
        var identity = ZhtpIdentity.Create(new IdentityOptions());
        var options = new ContentManagerOptions
        {
            SegmentSize = segmentSize,
            Identity = identity,
            Content = BenchContentConfig,
        };
        return new RawContentBenchCluster(nodes, identity, ContentManagers.Create(nodes[0], options), ContentManagers.Create(nodes[^1], options), directory,
            string.Create(CultureInfo.InvariantCulture, $"{nodeCount} nodes on 127.0.0.1 (UDP + TCP bulk, {(memoryStores ? "in-memory" : "SQLite")} stores), raw IContentManager on the first and last"));
    }

    /// <summary>The DHT settings of every bench node (both paths): a quota no bench fills.</summary>
    internal static DhtConfig BenchDhtConfig { get; } = new() { RequestTimeout = TimeSpan.FromSeconds(1), MaxRetries = 2, StorageQuotaBytes = 1L << 40 };

    /// <summary>The content settings of both paths: no size limit.</summary>
    internal static ContentConfig BenchContentConfig { get; } = new() { MaxContentSize = long.MaxValue };

    public Task<ContentReceipt> UploadAsync(Stream content, ContentUploadOptions options, CancellationToken cancellationToken) =>
        _writer.UploadAsync(content, options, cancellationToken);

    public Task<DownloadResult> DownloadAsync(ContentId id, Stream destination, CancellationToken cancellationToken) =>
        _reader.DownloadAsync(id, destination, cancellationToken: cancellationToken);

    public Task<Stream> OpenReadAsync(ContentId id, CancellationToken cancellationToken) =>
        _reader.OpenReadAsync(id, cancellationToken: cancellationToken);

    public async Task<TimeSpan?> MeasureShardTransferAsync(int shards, long storedBytes, CancellationToken cancellationToken) =>
        await ShardTransferStage.RunAsync(_nodes, shards, storedBytes, new ContentManagerOptions().MaxParallelTransfers, cancellationToken).ConfigureAwait(false);

    public Task<IReadOnlyList<DhtStats>> GetDhtStatsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DhtStats>>(_nodes.Select(n => n.GetStats()).ToList());

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _reader.DisposeAsync().ConfigureAwait(false);
        _identity.Dispose();
        await DisposeAllAsync(_nodes).ConfigureAwait(false);
        BenchDirectory.TryDelete(_directory);
    }

    private static async Task DisposeAllAsync(List<IDhtNode> nodes)
    {
        foreach (IDhtNode node in nodes)
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }
    }
}
