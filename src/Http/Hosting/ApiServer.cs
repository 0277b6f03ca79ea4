using Microsoft.AspNetCore.Builder;

namespace Zhtp.Storage.Http.Hosting;

/// <summary>The web application <see cref="ZhtpHttpApi.StartAsync"/> started.</summary>
internal sealed class ApiServer(WebApplication app, Uri address) : IZhtpApiServer
{
    public Uri Address { get; } = address;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
