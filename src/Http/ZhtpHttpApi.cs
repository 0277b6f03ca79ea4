using System.Net;
using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using Zhtp.Storage.Http.Auth;
using Zhtp.Storage.Http.Dashboard;
using Zhtp.Storage.Http.Endpoints;
using Zhtp.Storage.Http.Errors;
using Zhtp.Storage.Http.Hosting;
using Zhtp.Storage.Http.Tokens;
using Zhtp.Storage.Types;
using Zhtp.Storage.Unified;

namespace Zhtp.Storage.Http;

/// <summary>
/// Composes a node's HTTP API (docs/api.md). Either in one call — <see cref="StartAsync"/> starts Kestrel on
/// <see cref="ZhtpApiOptions.Listen"/> in front of a running <see cref="IUnifiedStorageSystem"/> — or inside an ASP.NET Core
/// application: <c>builder.Services.AddZhtpApi(options)</c> (with an <see cref="IUnifiedStorageSystem"/> registered, e.g. by
/// <c>AddZhtpStorage</c>), then <c>app.MapZhtpApi()</c>.
/// </summary>
public static class ZhtpHttpApi
{
    /// <summary>The meters <c>/metrics</c> exports besides <see cref="ZhtpStorageMeters"/>': ASP.NET Core's request, Kestrel, rate-limiting and authentication meters.</summary>
    private static readonly string[] HttpMeters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting", "Microsoft.AspNetCore.Authentication", "Microsoft.AspNetCore.Authorization", "Microsoft.AspNetCore.Diagnostics"];

    /// <summary>
    /// Starts the API for <paramref name="system"/> (already started; it stays owned by the caller) on
    /// <see cref="ZhtpApiOptions.Listen"/>, in a web application of its own that reads no configuration files or
    /// environment variables (the options say everything) and logs to <paramref name="loggerFactory"/> (null: nowhere).
    /// Dispose the result to stop serving.
    /// </summary>
    /// <exception cref="ConfigurationException">The options are invalid, <see cref="ZhtpApiOptions.AllowAnonymousLoopback"/> is set for a non-loopback address, or the certificate files do not load; the message lists every problem.</exception>
    /// <exception cref="IOException">The address is in use.</exception>
    public static async Task<IZhtpApiServer> StartAsync(IUnifiedStorageSystem system, ZhtpApiOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>(options.Validate());
        if (ListenEndPoint.TryParse(options.Listen, out IPEndPoint endPoint) && options.AllowAnonymousLoopback && !IPAddress.IsLoopback(endPoint.Address))
        {
            errors.Add($"AllowAnonymousLoopback: only for a loopback Listen address (127.0.0.1, [::1]), was {options.Listen}; remove it and use API tokens");
        }

        X509Certificate2? certificate = null;
        if (errors.Count == 0 && options.CertificatePath is { } certificatePath)
        {
            certificate = PemCertificates.TryLoad(certificatePath, options.CertificateKeyPath, nameof(ZhtpApiOptions.CertificatePath), out string? certificateError);
            if (certificateError is not null)
            {
                errors.Add(certificateError);
            }
        }

        if (errors.Count > 0)
        {
            throw new ConfigurationException(nameof(ZhtpApiOptions), errors);
        }

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(ZhtpHttpApi).Assembly.GetName().Name, EnvironmentName = Environments.Production });
        builder.Configuration.Sources.Clear(); // no appsettings.json or ASPNETCORE_* of the hosting process: the options say everything
        builder.Logging.ClearProviders();
        if (loggerFactory is not null)
        {
            builder.Services.AddSingleton(loggerFactory);
        }

        builder.Services.AddSingleton(system);
        builder.Services.AddZhtpApi(options);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(endPoint, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        WebApplication app = builder.Build();
        app.MapZhtpApi();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? $"{(certificate is null ? "http" : "https")}://{options.Listen}";
        return new ApiServer(app, new Uri(address));
    }

    /// <summary>
    /// Registers the API's services: token store and identities (in <see cref="ZhtpApiOptions.DataDirectory"/> or the node's),
    /// bearer authentication with the scope policies, rate limits, problem details, the OpenAPI document, OpenTelemetry
    /// metrics with the Prometheus exporter, and the Kestrel limits of <paramref name="options"/>. Needs an
    /// <see cref="IUnifiedStorageSystem"/> in the container.
    /// </summary>
    /// <exception cref="ConfigurationException">The options are invalid.</exception>
    public static IServiceCollection AddZhtpApi(this IServiceCollection services, ZhtpApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new ConfigurationException(nameof(ZhtpApiOptions), errors);
        }

        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ApiTokenStore(options.DataDirectory ?? sp.GetRequiredService<IUnifiedStorageSystem>().GetNodeInfo().DataDirectory, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ApiIdentityStore(options.DataDirectory ?? sp.GetRequiredService<IUnifiedStorageSystem>().GetNodeInfo().DataDirectory));
        services.AddSingleton<ApiCaller>();
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddAuthentication(ApiTokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(authorization =>
        {
            foreach (string scope in ZhtpApiScopes.All)
            {
                authorization.AddPolicy(scope, policy => policy.RequireAuthenticatedUser().RequireAssertion(context =>
                    ApiScopeRules.Allows(context.User.FindAll(ApiTokenAuthenticationHandler.ScopeClaim).Select(c => c.Value), scope)));
            }
        });
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                string? token = context.User.FindFirstValue(ApiTokenAuthenticationHandler.TokenClaim);
                return token is not null
                    ? RateLimitPartition.GetFixedWindowLimiter("token:" + token, _ => Window(options.TokenPermitsPerWindow, options.RateLimitWindow))
                    : RateLimitPartition.GetFixedWindowLimiter("ip:" + context.Connection.RemoteIpAddress, _ => Window(options.AnonymousPermitsPerWindow, options.RateLimitWindow));
            });
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RateLimitRejection.WriteAsync;
        });
        services.AddOpenApi("v1", openApi => openApi.AddDocumentTransformer<BearerSecurityTransformer>());
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ZhtpStorageMeters.Dht, ZhtpStorageMeters.Content, ZhtpStorageMeters.Economic, ZhtpStorageMeters.Unified)
            .AddMeter(HttpMeters)
            .AddPrometheusExporter());
        services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodySize;
            kestrel.Limits.MaxRequestHeadersTotalSize = options.MaxRequestHeadersTotalSize;
            kestrel.Limits.MaxRequestHeaderCount = options.MaxRequestHeaderCount;
            kestrel.Limits.MinRequestBodyDataRate = options.MinRequestBodyDataRate > 0 ? new MinDataRate(options.MinRequestBodyDataRate, options.MinRequestBodyGracePeriod) : null;
            kestrel.Limits.RequestHeadersTimeout = options.RequestHeadersTimeout;
            kestrel.Limits.MaxConcurrentConnections = options.MaxConcurrentConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = 0;
        });
        return services;
    }

    /// <summary>
    /// Adds the API's middleware (exception handler, problem-details status pages, authentication, rate limiter,
    /// authorization) and maps its routes: <c>/api/v1/...</c>, the ByteCave routes, <c>/openapi/v1.json</c>, <c>/metrics</c> and,
    /// unless <see cref="ZhtpApiOptions.Dashboard"/> is false, the dashboard at <c>/</c>.
    /// Call once, after <see cref="AddZhtpApi"/>, before other endpoints.
    /// </summary>
    public static WebApplication MapZhtpApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        ZhtpApiOptions options = app.Services.GetRequiredService<ZhtpApiOptions>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        IEndpointConventionBuilder metrics = app.MapPrometheusScrapingEndpoint("/metrics");
        if (options.AnonymousMetrics)
        {
            metrics.AllowAnonymous();
        }
        else
        {
            metrics.RequireAuthorization(ZhtpApiScopes.Admin);
        }

        ContentEndpoints.Map(app);
        GrantEndpoints.Map(app);
        NodeEndpoints.Map(app);
        ByteCaveEndpoints.Map(app);
        if (options.Dashboard)
        {
            DashboardEndpoints.Map(app);
        }

        return app;
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };
}
