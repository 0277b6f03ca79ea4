using System.Net;
using System.Security.Cryptography;
using Zhtp.Storage.Types;
using Zhtp.Storage.Unified;

namespace Zhtp.Storage.Host.Demo;

/// <summary>
/// The demo's network of storage systems on 127.0.0.1, each started with <see cref="UnifiedStorageSystems.StartAsync"/>
/// (the stack <c>zhtp node</c> runs): node 0 is the user's home, with a sealed identity file in its data directory; the
/// others act as their own in-memory identities. Disposing stops every system still running and deletes the directory.
/// </summary>
internal sealed class DemoNetwork : IAsyncDisposable
{
    /// <summary>The environment variable the user's nodes read their identity passphrase from (set in this process only).</summary>
    public const string PassphraseVariable = "ZHTP_DEMO_IDENTITY_PASSPHRASE";

    private readonly int _k;

    private DemoNetwork(string root, int k)
    {
        Root = root;
        _k = k;
    }

    /// <summary>The running systems; <see cref="StopAsync"/> removes one.</summary>
    public List<IUnifiedStorageSystem> Nodes { get; } = [];

    /// <summary>The user's home node (its data directory holds the sealed identity file).</summary>
    public IUnifiedStorageSystem Home => Nodes[0];

    /// <summary>The directory under which the home node (and any node started with a directory) keeps its data.</summary>
    public string Root { get; }

    /// <summary>The home node's endpoint, which every other node joins through.</summary>
    public IPEndPoint Bootstrap => Home.GetNodeInfo().EndPoint;

    /// <summary>Starts <paramref name="count"/> systems with DHT bucket size and replication <paramref name="k"/>, every one joined to the others.</summary>
    public static async Task<DemoNetwork> StartAsync(int count, int k, Func<int, IUnifiedStorageSystem, Task>? started, CancellationToken cancellationToken)
    {
        Environment.SetEnvironmentVariable(PassphraseVariable, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
        var network = new DemoNetwork(Path.Combine(Path.GetTempPath(), "zhtp-demo-" + Guid.NewGuid().ToString("N")), k);
        try
        {
            for (int i = 0; i < count; i++)
            {
                IUnifiedStorageSystem node = await network.StartNodeAsync(i == 0 ? Path.Combine(network.Root, "home") : null, cancellationToken).ConfigureAwait(false);
                network.Nodes.Add(node);
                if (started is not null)
                {
                    await started(i, node).ConfigureAwait(false);
                }
            }

            // Every node learns every other through the home node, which all of them pinged.
            foreach (IUnifiedStorageSystem node in network.Nodes.Skip(1))
            {
                await node.AddPeerAsync(network.Bootstrap, cancellationToken).ConfigureAwait(false);
            }

            return network;
        }
        catch
        {
            await network.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Starts one more system joined through the home node (the first one is the home node itself). Short DHT
    /// timeouts, so a stopped holder is noticed quickly; 256 KiB segments; with <paramref name="dataDirectory"/>, the
    /// identity sealed there under the demo's passphrase.
    /// </summary>
    public Task<IUnifiedStorageSystem> StartNodeAsync(string? dataDirectory, CancellationToken cancellationToken)
    {
        var options = new ZhtpStorageOptions
        {
            DataDirectory = dataDirectory,
            SegmentSize = 256 * 1024,
            IdentityPassphraseVariable = PassphraseVariable,
            Dht = new DhtConfig { K = _k, RequestTimeout = TimeSpan.FromMilliseconds(400), MaxRetries = 1 },
        };
        if (Nodes.Count > 0)
        {
            options.Bootstrap.Add(Bootstrap.ToString());
        }

        return UnifiedStorageSystems.StartAsync(options, cancellationToken: cancellationToken);
    }

    /// <summary>Stops <paramref name="node"/> (as a crash would look to the others: it just goes away).</summary>
    public async Task StopAsync(IUnifiedStorageSystem node)
    {
        Nodes.Remove(node);
        await node.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (IUnifiedStorageSystem node in Nodes)
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }

        Nodes.Clear();
        Environment.SetEnvironmentVariable(PassphraseVariable, null);
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
