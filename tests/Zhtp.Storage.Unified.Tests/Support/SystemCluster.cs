namespace Zhtp.Storage.Unified.Tests.Support;

/// <summary>Storage systems on 127.0.0.1 (ephemeral ports), each joined through the first.</summary>
public sealed class SystemCluster : IAsyncDisposable
{
    private SystemCluster(List<IUnifiedStorageSystem> systems) => Systems = systems;

    public List<IUnifiedStorageSystem> Systems { get; }

    public IUnifiedStorageSystem this[int index] => Systems[index];

    /// <param name="contractTime">The market's contract clock of every system (null: the system clock).</param>
    public static async Task<SystemCluster> StartAsync(int count, Func<int, ZhtpStorageOptions>? options = null, TimeProvider? contractTime = null, CancellationToken cancellationToken = default)
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

                systems.Add(await StartOneAsync(o, contractTime, cancellationToken));
            }

            // Everyone learns the last ones too (as the bench cluster does).
            foreach (IUnifiedStorageSystem system in systems.SkipLast(1))
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

    /// <summary>Starts one system with its market on <paramref name="contractTime"/>.</summary>
    public static Task<IUnifiedStorageSystem> StartOneAsync(ZhtpStorageOptions options, TimeProvider? contractTime, CancellationToken cancellationToken) =>
        UnifiedStorageSystems.StartWithContractClockAsync(options, null, null, contractTime, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (IUnifiedStorageSystem system in Enumerable.Reverse(Systems))
        {
            await system.DisposeAsync();
        }
    }
}
