using Zhtp.Storage.Content;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Host.Bench;

/// <summary>
/// What <c>zhtp bench content</c> measures through: a loopback cluster with a writer node and a reader node acting as one
/// user identity, either raw content managers over DHT nodes (<c>--via content</c>) or storage systems behind
/// <c>IUnifiedStorageSystem</c> (<c>--via unified</c>). Disposing stops every node and removes the temporary directory.
/// </summary>
internal interface IContentBenchCluster : IAsyncDisposable
{
    /// <summary>One line saying what the cluster is (nodes, stores, path).</summary>
    string Description { get; }

    /// <summary>Uploads through the writer node.</summary>
    Task<ContentReceipt> UploadAsync(Stream content, ContentUploadOptions options, CancellationToken cancellationToken);

    /// <summary>Downloads a whole content through the reader node.</summary>
    Task<DownloadResult> DownloadAsync(ContentId id, Stream destination, CancellationToken cancellationToken);

    /// <summary>Opens a seekable stream through the reader node (range reads).</summary>
    Task<Stream> OpenReadAsync(ContentId id, CancellationToken cancellationToken);

    /// <summary>
    /// Runs the shard transfer stage (<see cref="ShardTransferStage"/>) for <paramref name="shards"/> shards totalling
    /// <paramref name="storedBytes"/>; null when this cluster cannot (the unified path exposes no DHT node).
    /// </summary>
    Task<TimeSpan?> MeasureShardTransferAsync(int shards, long storedBytes, CancellationToken cancellationToken);

    /// <summary>The DHT counters of every node.</summary>
    Task<IReadOnlyList<DhtStats>> GetDhtStatsAsync(CancellationToken cancellationToken);
}
