using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Host.Node;
using Zhtp.Storage.Http;
using Zhtp.Storage.S3;
using Zhtp.Storage.Types;
using Zhtp.Storage.Unified;

namespace Zhtp.Storage.Host.Commands;

/// <summary>
/// <c>zhtp node --data-dir D [--port P] [--bootstrap HOST:PORT...]</c>: runs a whole storage node (node key, DHT, content
/// store and index, credential vault, meters) through <c>Zhtp.Storage.Unified</c> in a generic host until Ctrl-C or SIGTERM.
/// Configuration: defaults, <c>D/appsettings.json</c>, <c>ZHTP__</c> environment variables, then the options
/// (<see cref="NodeConfiguration"/>; docs/operations.md). Logs go to standard error; the lines scripts parse
/// ("node ID listening on ENDPOINT", "joined through ...", stats) to standard output.
/// </summary>
internal sealed class NodeCommand : IZhtpCommand
{
    /// <summary>The routing snapshot's file name inside the data directory: the storage stack's (one name for both).</summary>
    public const string RoutingSnapshotFileName = Unified.Runtime.StorageStack.RoutingSnapshotFileName;

    /// <inheritdoc />
    public Command Build()
    {
        var port = new Option<int?>("--port") { Description = "UDP port (TCP bulk channel on the same number); 0 picks a free one. Default 4000. Key Zhtp:Port." };
        var host = new Option<string?>("--host") { Description = "Address to bind (default 127.0.0.1; :: for every interface, IPv6 and IPv4 on one dual-stack socket; ::1 for IPv6 loopback). Key Zhtp:BindAddress." };
        var dataDir = new Option<string>("--data-dir") { Description = "Data directory: node key, records, content index, identity, lock, optional appsettings.json (created if missing).", Required = true };
        var bootstrap = new Option<string[]>("--bootstrap") { Description = "HOST:PORT of nodes to join through (none: start a new network, or rejoin from the saved routing snapshot). Keys Zhtp:Bootstrap:N.", AllowMultipleArgumentsPerToken = true };
        var quota = new Option<long?>("--quota-mb") { Description = "Storage quota for records in MiB (default 1024). Key Zhtp:Dht:StorageQuotaBytes (bytes)." };
        var interval = new Option<int>("--stats-seconds") { Description = "Print statistics every this many seconds (0: only on exit).", DefaultValueFactory = _ => 30 };
        var verbose = new Option<bool>("--verbose") { Description = "Log debug messages (evictions, maintenance); same as Logging:LogLevel:Default=Debug." };
        Option<string> signer = DhtHostSupport.SignerOption();
        var s3 = new Option<string?>("--s3") { Description = "Serve the S3-compatible gateway (docs/s3.md) on ADDRESS:PORT, e.g. 127.0.0.1:5081. Key Zhtp:S3:Listen; the other Zhtp:S3 keys configure it." };
        var api = new Option<string?>("--api") { Description = "Serve the HTTP API (docs/api.md) on ADDRESS:PORT, e.g. 127.0.0.1:5080. Key Zhtp:Api:Listen; the other Zhtp:Api keys configure it." };
        var command = new Command("node", "Runs a storage node (DHT, content store and index, vault) until Ctrl-C or SIGTERM.");
        foreach (Option option in new Option[] { port, host, dataDir, bootstrap, quota, interval, verbose, signer, api, s3 })
        {
            command.Options.Add(option);
        }

        command.SetAction((ParseResult result, CancellationToken cancellationToken) => RunAsync(
            new Settings(
                result.GetValue(dataDir)!,
                result.GetValue(port),
                result.GetValue(host),
                result.GetValue(bootstrap) ?? [],
                result.GetValue(quota),
                result.GetValue(interval),
                result.GetValue(verbose),
                result.GetResult(signer) is { Implicit: false } ? DhtHostSupport.SignerAlgorithm(result.GetValue(signer)) : null,
                result.GetValue(api),
                result.GetValue(s3)),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(Settings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (settings.StatsSeconds < 0 || settings.QuotaMb > long.MaxValue >> 20)
        {
            await error.WriteLineAsync("zhtp node: --stats-seconds must be 0 or more and --quota-mb at most 2^43.").ConfigureAwait(false);
            return 2;
        }

        string dataDir = Path.GetFullPath(settings.DataDir);
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        try
        {
            builder.Configuration.AddNodeSources(dataDir, settings.Overrides(dataDir), Environment.GetEnvironmentVariables());
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException)
        {
            await error.WriteLineAsync($"zhtp node: cannot read {Path.Combine(dataDir, NodeConfiguration.SettingsFileName)}: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        List<string> problems = NodeConfiguration.Problems(builder.Configuration);
        if (problems.Count > 0)
        {
            await error.WriteLineAsync($"zhtp node: invalid configuration ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}; docs/operations.md lists every key):").ConfigureAwait(false);
            foreach (string problem in problems)
            {
                await error.WriteLineAsync("  " + problem).ConfigureAwait(false);
            }

            return 2;
        }

        ConfigureLogging(builder);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddZhtpStorage(NodeConfiguration.StorageSection(builder.Configuration));
        ZhtpApiOptions? apiOptions = NodeConfiguration.ApiOptions(builder.Configuration, []);
        S3GatewayOptions? s3Options = NodeConfiguration.S3Options(builder.Configuration, []);
        IHost host = builder.Build();
        try
        {
            bool restarted = File.Exists(Path.Combine(dataDir, RoutingSnapshotFileName));
            try
            {
                await host.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is UnifiedStorageException or OptionsValidationException or CryptographicException or UnauthorizedAccessException or IOException)
            {
                // One line (DataDirectoryLockedException, port taken, identity file problems); the options were checked above.
                await error.WriteLineAsync($"zhtp node: {e.Message}").ConfigureAwait(false);
                return 1;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 0;
            }

            IZhtpApiServer? apiServer = null;
            IS3Gateway? s3Gateway = null;
            try
            {
                if (apiOptions is not null)
                {
                    try
                    {
                        apiServer = await ZhtpHttpApi.StartAsync(host.Services.GetRequiredService<IUnifiedStorageSystem>(), apiOptions, host.Services.GetService<ILoggerFactory>(), cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is ConfigurationException or IOException or InvalidOperationException)
                    {
                        // A port in use surfaces as IOException from Kestrel; the options were validated above.
                        await error.WriteLineAsync($"zhtp node: cannot serve the HTTP API on {apiOptions.Listen}: {e.Message}").ConfigureAwait(false);
                        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
                        return 1;
                    }
                }

                if (s3Options is not null)
                {
                    try
                    {
                        s3Gateway = await ZhtpS3Gateway.StartAsync(host.Services.GetRequiredService<IUnifiedStorageSystem>(), s3Options, host.Services.GetService<ILoggerFactory>(), cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is ConfigurationException or IOException or InvalidOperationException)
                    {
                        await error.WriteLineAsync($"zhtp node: cannot serve the S3 gateway on {s3Options.Listen}: {e.Message}").ConfigureAwait(false);
                        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
                        return 1;
                    }
                }

                await ServeAsync(host, settings.StatsSeconds, dataDir, restarted, apiServer, s3Gateway, output, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (s3Gateway is not null)
                {
                    await s3Gateway.DisposeAsync().ConfigureAwait(false);
                }

                if (apiServer is not null)
                {
                    await apiServer.DisposeAsync().ConfigureAwait(false);
                }
            }

            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return 0;
        }
        finally
        {
            // The storage system is IAsyncDisposable only: the host must be disposed asynchronously.
            if (host is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                host.Dispose();
            }
        }
    }

    /// <summary>Prints the start lines, then statistics every <paramref name="statsSeconds"/> until Ctrl-C, SIGTERM or a host stop.</summary>
    private static async Task ServeAsync(IHost host, int statsSeconds, string dataDir, bool restarted, IZhtpApiServer? api, IS3Gateway? s3, TextWriter output, CancellationToken cancellationToken)
    {
        IDhtNode node = host.Services.GetRequiredService<IDhtNode>();
        ZhtpStorageOptions options = host.Services.GetRequiredService<IOptions<ZhtpStorageOptions>>().Value;
        IHostApplicationLifetime lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        await output.WriteLineAsync($"node {node.Self.Id} listening on {node.Self.EndPoint} (data in {dataDir}); Ctrl-C stops it").ConfigureAwait(false);
        if (api is not null)
        {
            await output.WriteLineAsync($"api listening on {api.Address} (docs/api.md; tokens: zhtp token create --data-dir {dataDir})").ConfigureAwait(false);
        }

        if (s3 is not null)
        {
            await output.WriteLineAsync($"s3 listening on {s3.ServiceUrl} (docs/s3.md; keys: zhtp s3 key create --data-dir {dataDir})").ConfigureAwait(false);
        }

        if (options.Bootstrap.Count > 0 || restarted)
        {
            // The storage system joined while starting (through the bootstrap nodes and the contacts saved in the snapshot).
            int contacts = node.GetStats().Contacts;
            string through = options.Bootstrap.Count > 0 ? string.Join(", ", options.Bootstrap) : $"the contacts saved in {Path.Combine(dataDir, RoutingSnapshotFileName)}";
            await output.WriteLineAsync(contacts == 0
                ? $"no node answered ({through}); waiting for others to join through this node"
                : string.Create(CultureInfo.InvariantCulture, $"joined through {through}: {contacts} contacts")).ConfigureAwait(false);
        }

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        try
        {
            using var timer = new PeriodicTimer(statsSeconds == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(statsSeconds));
            while (await timer.WaitForNextTickAsync(stopping.Token).ConfigureAwait(false))
            {
                await output.WriteLineAsync(DhtHostSupport.StatsLine(node.GetStats())).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }

        await output.WriteLineAsync($"stopping: {DhtHostSupport.StatsLine(node.GetStats())}").ConfigureAwait(false);
    }

    /// <summary>One line per message on standard error (time, level, category, text), levels from the <c>Logging</c> section.</summary>
    private static void ConfigureLogging(HostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));

        // The host's own start/stop messages: failures are printed as one line above, not as a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
            o.UseUtcTimestamp = true;
        });
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    /// <summary>The command line's values; null where the option was not given (configuration decides).</summary>
    private sealed record Settings(string DataDir, int? Port, string? Host, string[] Bootstrap, long? QuotaMb, int StatsSeconds, bool Verbose, Types.Cryptography.SignatureAlgorithm? Signer, string? Api, string? S3)
    {
        /// <summary>The configuration keys the given options set (highest precedence).</summary>
        public Dictionary<string, string?> Overrides(string dataDir)
        {
            CultureInfo c = CultureInfo.InvariantCulture;
            const string Z = NodeConfiguration.Section;
            var keys = new Dictionary<string, string?> { [$"{Z}:DataDirectory"] = dataDir };
            if (Port is { } port)
            {
                keys[$"{Z}:Port"] = port.ToString(c);
            }

            if (Host is { } host)
            {
                keys[$"{Z}:BindAddress"] = host;
            }

            for (int i = 0; i < Bootstrap.Length; i++)
            {
                keys[string.Create(c, $"{Z}:Bootstrap:{i}")] = Bootstrap[i];
            }

            if (QuotaMb is { } quota)
            {
                keys[$"{Z}:Dht:StorageQuotaBytes"] = (quota << 20).ToString(c);
            }

            if (Signer is { } signer)
            {
                keys[$"{Z}:NodeKeyAlgorithm"] = signer.ToString();
            }

            if (Api is { } api)
            {
                keys[$"{Z}:{NodeConfiguration.ApiSection}:Listen"] = api;
            }

            if (S3 is { } s3)
            {
                keys[$"{Z}:{NodeConfiguration.S3Section}:Listen"] = s3;
            }

            if (Verbose)
            {
                keys["Logging:LogLevel:Default"] = "Debug";
            }

            return keys;
        }
    }
}
