using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Zhtp.Storage.S3.Auth;
using Zhtp.Storage.S3.Http;
using Zhtp.Storage.S3.Index;
using Zhtp.Storage.S3.Keys;
using Zhtp.Storage.S3.Multipart;
using Zhtp.Storage.Unified;

namespace Zhtp.Storage.S3;

/// <summary>The running gateway: a Kestrel server with one request delegate (<see cref="S3Handler"/>), the bucket index, parts and keys.</summary>
internal sealed class S3Gateway : IS3Gateway
{
    private readonly WebApplication _app;
    private readonly S3Handler _handler;
    private readonly BucketIndex _index;
    private readonly AccessKeyStore _keys;
    private readonly string? _temporary;
    private int _disposed;

    private S3Gateway(WebApplication app, S3Handler handler, BucketIndex index, AccessKeyStore keys, string? temporary, IPEndPoint endPoint, bool https)
    {
        _app = app;
        _handler = handler;
        _index = index;
        _keys = keys;
        _temporary = temporary;
        EndPoint = endPoint;
        ServiceUrl = new Uri(string.Create(CultureInfo.InvariantCulture, $"{(https ? "https" : "http")}://{(endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "[" + endPoint.Address + "]" : endPoint.Address.ToString())}:{endPoint.Port}"));
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>The request handler (tests read its multipart counters).</summary>
    internal S3Handler Handler => _handler;

    public Uri ServiceUrl { get; }

    /// <summary>Starts the gateway; <paramref name="certificate"/> (null: plain HTTP) makes it serve HTTPS only.</summary>
    public static async Task<S3Gateway> StartAsync(IUnifiedStorageSystem system, S3GatewayOptions options, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        string? dataDirectory = system.GetNodeInfo().DataDirectory is { } d ? Path.Combine(Path.GetFullPath(d), S3AccessKeys.Folder) : null;
        string? temporary = dataDirectory is null ? Path.Combine(Path.GetTempPath(), "zhtp-s3-" + Guid.NewGuid().ToString("N")) : null;
        string folder = dataDirectory ?? temporary!;
        Directory.CreateDirectory(folder);
        TimeProvider time = options.Time ?? TimeProvider.System;
        var keys = new AccessKeyStore(dataDirectory);
        BucketIndex? index = null;
        try
        {
            index = new BucketIndex(dataDirectory is null ? ":memory:" : Path.Combine(dataDirectory, "index.db"));
            var parts = new PartStore(Path.Combine(folder, "parts"));
            parts.DeleteAllBut(index.ListUploadIds());
            ILogger logger = loggers.CreateLogger("Zhtp.Storage.S3");
            var handler = new S3Handler(system, index, parts, new RequestAuthenticator(keys, options.Region, options.MaxClockSkew, time), options, time, logger);
            await handler.AbortStaleUploadsAsync().ConfigureAwait(false);

            IPEndPoint listen = IPEndPoint.Parse(options.Listen);
            WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.Services.AddSingleton(loggers); // Kestrel logs through the caller's factory
            builder.WebHost.UseKestrelCore();
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBodySize = null;
                kestrel.Limits.MinRequestBodyDataRate = null;
                kestrel.Listen(listen, endpoint =>
                {
                    if (certificate is not null)
                    {
                        endpoint.UseHttps(certificate);
                    }
                });
            });
            WebApplication app = builder.Build();
            app.Run(handler.HandleAsync);
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                await app.DisposeAsync().ConfigureAwait(false);
                throw new UnifiedStorageException($"The S3 gateway cannot listen on {options.Listen}: {e.Message}. Choose another address or port (port 0 picks a free one).", e);
            }

            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var bound = new IPEndPoint(listen.Address, new Uri(address).Port);
            var gateway = new S3Gateway(app, handler, index, keys, temporary, bound, certificate is not null);
            Log.Listening(logger, gateway.ServiceUrl, options.Region, folder);
            return gateway;
        }
        catch
        {
            index?.Dispose();
            keys.Dispose();
            if (temporary is not null && Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }

            throw;
        }
    }

    public S3AccessKey CreateAccessKey()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        AccessKeyEntry entry = _keys.Create();
        return new S3AccessKey(entry.AccessKeyId, Encoding.ASCII.GetString(entry.Secret), entry.Identity.Id.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await _handler.DisposeAsync().ConfigureAwait(false);
        _index.Dispose();
        _keys.Dispose();
        if (_temporary is not null && Directory.Exists(_temporary))
        {
            Directory.Delete(_temporary, recursive: true);
        }
    }
}
