using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Zhtp.Storage.Content;
using Zhtp.Storage.Types;
using Zhtp.Storage.Unified;

namespace Zhtp.Storage.Host.Bench;

/// <summary>
/// <c>--via unified</c>: storage systems from <see cref="UnifiedStorageSystems.StartAsync"/>, each with a data directory (SQLite
/// record store, content index), the same DHT and content settings as <see cref="RawContentBenchCluster"/>; the first and last
/// node open one sealed identity file (copied), so the writer and the reader are one user, as in the raw path.
/// </summary>
internal sealed class UnifiedContentBenchCluster : IContentBenchCluster
{
    /// <summary>The variable the writer and reader read the identity passphrase from (set in this process only).</summary>
    private const string PassphraseVariable = "ZHTP_BENCH_IDENTITY_PASSPHRASE";

    private readonly List<IUnifiedStorageSystem> _nodes;
    private readonly string _directory;

    private UnifiedContentBenchCluster(List<IUnifiedStorageSystem> nodes, string directory, string description)
    {
        _nodes = nodes;
        _directory = directory;
        Description = description;
    }

    public string Description { get; }

    /// <summary>The running systems: the writer first, the reader last.</summary>
    public IReadOnlyList<IUnifiedStorageSystem> Nodes => _nodes;

    public static async Task<UnifiedContentBenchCluster> StartAsync(int nodeCount, int segmentSize, string directory, CancellationToken cancellationToken)
    {
        Environment.SetEnvironmentVariable(PassphraseVariable, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
        var nodes = new List<IUnifiedStorageSystem>();
        try
        {
            for (int i = 0; i < nodeCount; i++)
            {
                string data = Path.Combine(directory, i.ToString(CultureInfo.InvariantCulture));
                bool user = i == 0 || i == nodeCount - 1;
                if (i == nodeCount - 1)
                {
                    Directory.CreateDirectory(data);
                    File.Copy(Path.Combine(directory, "0", "identity.key"), Path.Combine(data, "identity.key"));
                }

                var options = new ZhtpStorageOptions
                {
                    DataDirectory = data,
                    SegmentSize = segmentSize,
                    Dht = RawContentBenchCluster.BenchDhtConfig,
                    Content = RawContentBenchCluster.BenchContentConfig,

                    // Holders between the writer and the reader act as their own in-memory identities.
                    IdentityPassphraseVariable = user ? PassphraseVariable : PassphraseVariable + "_UNSET",
                };
                if (i > 0)
                {
                    options.Bootstrap.Add(nodes[0].GetNodeInfo().EndPoint.ToString());
                }

                nodes.Add(await UnifiedStorageSystems.StartAsync(options, cancellationToken: cancellationToken).ConfigureAwait(false));
            }

            IPEndPoint last = nodes[^1].GetNodeInfo().EndPoint;
            foreach (IUnifiedStorageSystem node in nodes.Take(nodeCount - 1))
            {
                await node.AddPeerAsync(last, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await DisposeAllAsync(nodes).ConfigureAwait(false);
            BenchDirectory.TryDelete(directory);
            throw;
        }
        finally
        {
            Environment.SetEnvironmentVariable(PassphraseVariable, null);
        }

        return new UnifiedContentBenchCluster(nodes, directory,
            string.Create(CultureInfo.InvariantCulture, $"{nodeCount} storage systems (UnifiedStorageSystems.StartAsync) on 127.0.0.1 (UDP + TCP bulk, SQLite stores, content index), IUnifiedStorageSystem on the first and last"));
    }

    public Task<ContentReceipt> UploadAsync(Stream content, ContentUploadOptions options, CancellationToken cancellationToken) =>
        _nodes[0].UploadContentAsync(content, options, cancellationToken);

    public Task<DownloadResult> DownloadAsync(ContentId id, Stream destination, CancellationToken cancellationToken) =>
        _nodes[^1].DownloadContentAsync(id, destination, cancellationToken: cancellationToken);

    public Task<Stream> OpenReadAsync(ContentId id, CancellationToken cancellationToken) =>
        _nodes[^1].OpenContentReadAsync(id, cancellationToken: cancellationToken);

    public Task<TimeSpan?> MeasureShardTransferAsync(int shards, long storedBytes, CancellationToken cancellationToken) => Task.FromResult<TimeSpan?>(null);

    public async Task<IReadOnlyList<DhtStats>> GetDhtStatsAsync(CancellationToken cancellationToken)
    {
        var stats = new List<DhtStats>();
        foreach (IUnifiedStorageSystem node in _nodes)
        {
            stats.Add((await node.GetStatisticsAsync(cancellationToken).ConfigureAwait(false)).Dht);
        }

        return stats;
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeAllAsync(_nodes).ConfigureAwait(false);
        BenchDirectory.TryDelete(_directory);
    }

    private static async Task DisposeAllAsync(List<IUnifiedStorageSystem> nodes)
    {
        foreach (IUnifiedStorageSystem node in nodes)
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }
    }
}
