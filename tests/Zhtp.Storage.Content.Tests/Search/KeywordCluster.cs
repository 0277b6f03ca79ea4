using Microsoft.Extensions.Time.Testing;
using Zhtp.Storage.Content.Search;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Testing;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Tests.Search;

/// <summary>
/// An in-memory DHT of joined nodes on a fake clock, each with a <see cref="KeywordDirectory"/>. Run
/// network operations through <see cref="RunAsync{T}"/>: virtual time passes only while the network is idle.
/// </summary>
internal sealed class KeywordCluster : IAsyncDisposable
{
    private KeywordCluster(NetworkClock clock, IReadOnlyList<IDhtNode> nodes, IReadOnlyList<KeywordDirectory> directories)
    {
        Clock = clock;
        Nodes = nodes;
        Directories = directories;
    }

    public NetworkClock Clock { get; }

    public FakeTimeProvider Time => Clock.Time;

    public IReadOnlyList<IDhtNode> Nodes { get; }

    public IReadOnlyList<KeywordDirectory> Directories { get; }

    public static async Task<KeywordCluster> StartAsync(int count, KeywordDirectoryOptions? options = null)
    {
        var clock = NetworkClock.Create();
        var config = new DhtConfig { RequestTimeout = TimeSpan.FromMilliseconds(250), MaxRetries = 1 };
        IReadOnlyList<IDhtNode> nodes = await clock.RunAsync(() => clock.Network.StartNodesAsync(
            count, config, i => NodeSigners.CreateInsecureForSimulation(new Random(2000 + i))));
        var directories = nodes.Select(n => new KeywordDirectory(n, clock.Time, options)).ToList();
        return new KeywordCluster(clock, nodes, directories);
    }

    public Task<T> RunAsync<T>(Func<Task<T>> operation) => Clock.RunAsync(operation);

    public long TotalHeld => Directories.Sum(d => d.HeldAnnouncements);

    public async ValueTask DisposeAsync()
    {
        foreach (KeywordDirectory directory in Directories)
        {
            await directory.DisposeAsync();
        }

        foreach (IDhtNode node in Nodes)
        {
            await node.DisposeAsync();
        }
    }
}
