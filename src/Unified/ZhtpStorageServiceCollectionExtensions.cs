using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Zhtp.Storage.Content;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Unified.Hosting;
using Zhtp.Storage.Unified.Runtime;

namespace Zhtp.Storage.Unified;

/// <summary>Registers a storage node in a generic host.</summary>
public static class ZhtpStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ZhtpStorageOptions"/> bound from <paramref name="configuration"/> (e.g. <c>builder.Configuration.GetSection("Zhtp")</c>;
    /// an unknown key is an error), validated when the host starts (it refuses to start and lists every bad key);
    /// the facade <see cref="IUnifiedStorageSystem"/> and its layers <see cref="IDhtNode"/>, <see cref="IContentManager"/> and
    /// <see cref="IIdentityVault"/> (usable once the host has started); and a hosted service that starts the node with the host,
    /// runs maintenance every <see cref="ZhtpStorageOptions.MaintenanceInterval"/> and stops it cleanly. Logs go to the
    /// categories <c>Zhtp.Storage.Dht</c>, <c>Zhtp.Storage.Content</c> and <c>Zhtp.Storage.Unified</c>; meters are
    /// named in <see cref="ZhtpStorageMeters"/>. One storage node per service provider.
    /// </summary>
    public static IServiceCollection AddZhtpStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        string path = configuration is IConfigurationSection section ? section.Path : "";
        services.AddOptions<ZhtpStorageOptions>()
            .Bind(configuration, binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ZhtpStorageOptions>>(new ZhtpStorageOptionsValidator(path)));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new UnifiedStorageSystem(
            sp.GetRequiredService<IOptions<ZhtpStorageOptions>>().Value,
            sp.GetService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IUnifiedStorageSystem>(sp => sp.GetRequiredService<UnifiedStorageSystem>());
        services.TryAddSingleton<IDhtNode>(sp => sp.GetRequiredService<UnifiedStorageSystem>().Stack.Node);
        services.TryAddSingleton<IContentManager>(sp => new ContentManagerView(sp.GetRequiredService<UnifiedStorageSystem>().Stack.Content));
        services.TryAddSingleton<IIdentityVault>(sp => sp.GetRequiredService<UnifiedStorageSystem>().Stack.Vault);
        services.AddSingleton<IHostedService>(sp => new ZhtpStorageHostedService(
            sp.GetRequiredService<UnifiedStorageSystem>(),
            sp.GetRequiredService<IOptions<ZhtpStorageOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>() ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
        return services;
    }
}
