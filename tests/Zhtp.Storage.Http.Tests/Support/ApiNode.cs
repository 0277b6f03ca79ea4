using System.Net.Http.Headers;
using Zhtp.Storage.Http.Tokens;
using Zhtp.Storage.Unified;

namespace Zhtp.Storage.Http.Tests.Support;

/// <summary>
/// Storage systems on 127.0.0.1 (ephemeral UDP ports, joined through the first) and the HTTP API on the first, on
/// 127.0.0.1 port 0 with its tokens in a temporary data directory.
/// </summary>
public sealed class ApiNode : IAsyncDisposable
{
    private readonly List<IUnifiedStorageSystem> _systems;
    private readonly TempDirectory _directory;
    private readonly List<HttpClient> _clients = [];

    private ApiNode(List<IUnifiedStorageSystem> systems, TempDirectory directory, IZhtpApiServer server)
    {
        _systems = systems;
        _directory = directory;
        Server = server;
        Tokens = new ApiTokenStore(directory.Path);
    }

    public IZhtpApiServer Server { get; }

    public IUnifiedStorageSystem System => _systems[0];

    public string DataDirectory => _directory.Path;

    internal ApiTokenStore Tokens { get; }

    public static CancellationToken Timeout(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    public static async Task<ApiNode> StartAsync(int nodes = 4, Action<ZhtpApiOptions>? configure = null)
    {
        var systems = new List<IUnifiedStorageSystem>();
        var directory = new TempDirectory();
        try
        {
            for (int i = 0; i < nodes; i++)
            {
                var options = new ZhtpStorageOptions();
                if (i > 0)
                {
                    options.Bootstrap.Add(systems[0].GetNodeInfo().EndPoint.ToString());
                }

                systems.Add(await UnifiedStorageSystems.StartAsync(options, cancellationToken: Timeout()));
            }

            foreach (IUnifiedStorageSystem system in systems.SkipLast(1))
            {
                await system.AddPeerAsync(systems[^1].GetNodeInfo().EndPoint, Timeout());
            }

            var api = new ZhtpApiOptions { Listen = "127.0.0.1:0", DataDirectory = directory.Path, TokenPermitsPerWindow = 1_000_000, AnonymousPermitsPerWindow = 1_000_000 };
            configure?.Invoke(api);
            IZhtpApiServer server = await ZhtpHttpApi.StartAsync(systems[0], api, cancellationToken: Timeout());
            return new ApiNode(systems, directory, server);
        }
        catch
        {
            foreach (IUnifiedStorageSystem system in systems)
            {
                await system.DisposeAsync();
            }

            directory.Dispose();
            throw;
        }
    }

    /// <summary>A client with a new token of <paramref name="scopes"/> acting as <paramref name="identity"/> (null: the node).</summary>
    public HttpClient Client(string scopes, string? identity = null)
    {
        if (identity is not null)
        {
            using var identities = new ApiIdentityStore(_directory.Path);
            identities.GetOrCreate(identity);
        }

        (_, string token) = Tokens.Create(ApiScopeRules.Parse(scopes), identity);
        return Client(new AuthenticationHeaderValue("Bearer", token));
    }

    /// <summary>A client sending <paramref name="authorization"/> (null: none).</summary>
    public HttpClient Client(AuthenticationHeaderValue? authorization)
    {
        var client = new HttpClient { BaseAddress = Server.Address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = authorization;
        _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (HttpClient client in _clients)
        {
            client.Dispose();
        }

        await Server.DisposeAsync();
        foreach (IUnifiedStorageSystem system in Enumerable.Reverse(_systems))
        {
            await system.DisposeAsync();
        }

        _directory.Dispose();
    }
}
