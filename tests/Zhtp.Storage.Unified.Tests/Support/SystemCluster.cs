namespace Zhtp.Storage.Unified.Tests.Support;

/// <summary>Storage systems on 127.0.0.1 (ephemeral ports), each joined through the first.</summary>
public sealed class SystemCluster : IAsyncDisposable
{
    private SystemCluster(List<IUnifiedStorageSystem> systems) => Systems = systems;

    public List<IUnifiedStorageSystem> Systems { get; }

    public IUnifiedStorageSystem this[int index] => Systems[index];

    public static async Task<SystemCluster> StartAsync(int count, Func<int, ZhtpStorageOptions>? options = null, CancellationToken cancellationToken = default)
    {
        var systems = new List<IUnifiedStorageSystem>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                ZhtpStorageOptions o = options?.Invoke(i) ?? new ZhtpStorageOptions();
                if (i > 0)
                {
                    o.Bootstrap.Add(systems[0].GetNodeInfo().EndPoint.ToString());
                }

                systems.Add(await UnifiedStorageSystems.StartAsync(o, cancellationToken: cancellationToken));
            }

            // Everyone learns the last ones too (as the bench cluster does).
            foreach (IUnifiedStorageSystem system in systems)
            {
                await system.AddPeerAsync(systems[^1].GetNodeInfo().EndPoint, cancellationToken);
            }

            return new SystemCluster(systems);
        }
        catch
        {
            foreach (IUnifiedStorageSystem system in systems)
            {
                await system.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (IUnifiedStorageSystem system in Enumerable.Reverse(Systems))
        {
            await system.DisposeAsync();
        }
    }
}
