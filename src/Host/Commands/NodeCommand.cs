using System.CommandLine;
using System.Net;
using Microsoft.Extensions.Logging;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Cryptography;

namespace Zhtp.Storage.Host.Commands;

/// <summary>
/// <c>zhtp node --port P --data-dir D --bootstrap HOST:PORT...</c>: runs a DHT node until Ctrl-C.
/// The node key (data-dir/node-key.p8) and held records (data-dir/records) persist across runs.
/// </summary>
internal sealed class NodeCommand : IZhtpCommand
{
    /// <summary>The routing snapshot's file name inside the data directory.</summary>
    public const string RoutingSnapshotFileName = "routing.snapshot";

    /// <inheritdoc />
    public Command Build()
    {
        var port = new Option<int>("--port") { Description = "UDP port to listen on (0 picks a free one).", DefaultValueFactory = _ => 4000 };
        var host = new Option<string>("--host") { Description = "Address to bind (default 127.0.0.1; :: for every interface, IPv6 and IPv4 on one dual-stack socket; ::1 for IPv6 loopback).", DefaultValueFactory = _ => "127.0.0.1" };
        var dataDir = new Option<string>("--data-dir") { Description = "Directory for the node key and records (created if missing).", Required = true };
        var bootstrap = new Option<string[]>("--bootstrap") { Description = "HOST:PORT of nodes to join through (none: start a new network).", AllowMultipleArgumentsPerToken = true };
        var quota = new Option<long>("--quota-mb") { Description = "Storage quota for records in MiB.", DefaultValueFactory = _ => 1024 };
        var interval = new Option<int>("--stats-seconds") { Description = "Print statistics every this many seconds (0: only on exit).", DefaultValueFactory = _ => 30 };
        var verbose = new Option<bool>("--verbose") { Description = "Log debug messages (evictions, maintenance)." };
        Option<string> signer = DhtHostSupport.SignerOption();
        var command = new Command("node", "Runs a DHT node until Ctrl-C.");
        foreach (Option option in new Option[] { port, host, dataDir, bootstrap, quota, interval, verbose, signer })
        {
            command.Options.Add(option);
        }

        command.SetAction((ParseResult result, CancellationToken cancellationToken) => RunAsync(
            result.GetValue(port),
            result.GetValue(host)!,
            result.GetValue(dataDir)!,
            result.GetValue(bootstrap) ?? [],
            result.GetValue(quota),
            result.GetValue(interval),
            result.GetValue(verbose),
            DhtHostSupport.SignerAlgorithm(result.GetValue(signer)),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(int port, string host, string dataDir, string[] bootstrapTexts, long quotaMb, int statsSeconds, bool verbose, SignatureAlgorithm signer, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!IPAddress.TryParse(host, out IPAddress? address) || port is < 0 or > 65535 || quotaMb < 0 || statsSeconds < 0)
        {
            await error.WriteLineAsync("zhtp node: --host must be an IP address, --port 0..65535, --quota-mb and --stats-seconds 0 or more.").ConfigureAwait(false);
            return 2;
        }

        List<IPEndPoint>? bootstrap = DhtHostSupport.ParseBootstrap(bootstrapTexts, error, "node");
        if (bootstrap is null)
        {
            return 2;
        }

        string snapshot = Path.Combine(dataDir, RoutingSnapshotFileName);
        bool restarted = File.Exists(snapshot);
        var logger = new ConsoleLineLogger(error, verbose ? LogLevel.Debug : LogLevel.Information);
        IDhtNode node;
        try
        {
            node = await DhtNode.CreateAsync(new DhtNodeOptions
            {
                Config = new DhtConfig { StorageQuotaBytes = quotaMb * 1024 * 1024 },
                Transport = DatagramTransports.BindUdp(new IPEndPoint(address, port)),
                Signer = NodeSigners.LoadOrCreate(dataDir, signer),
                Store = RecordStores.OpenSqlite(Path.Combine(dataDir, "records"), quotaMb * 1024 * 1024),
                RoutingSnapshotPath = snapshot,
                Logger = logger,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            await error.WriteLineAsync($"zhtp node: cannot listen on {host}:{port}: {e.Message}. Choose another --port.").ConfigureAwait(false);
            return 1;
        }

        await using (node.ConfigureAwait(false))
        {
            await output.WriteLineAsync($"node {node.Self.Id} listening on {node.Self.EndPoint} (data in {Path.GetFullPath(dataDir)}); Ctrl-C stops it").ConfigureAwait(false);
            if (bootstrap.Count > 0 || restarted)
            {
                // JoinAsync also pings the contacts saved in the routing snapshot, so a restarted node
                // rejoins with no --bootstrap at all.
                int contacts = await node.JoinAsync(bootstrap, cancellationToken).ConfigureAwait(false);
                string through = bootstrap.Count > 0 ? string.Join(", ", bootstrap) : $"the contacts saved in {snapshot}";
                await output.WriteLineAsync(contacts == 0
                    ? $"no node answered ({through}); waiting for others to join through this node"
                    : $"joined through {through}: {contacts} contacts").ConfigureAwait(false);
            }

            try
            {
                using var timer = new PeriodicTimer(statsSeconds == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(statsSeconds));
                while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                {
                    await output.WriteLineAsync(DhtHostSupport.StatsLine(node.GetStats())).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
            }

            await output.WriteLineAsync($"stopping: {DhtHostSupport.StatsLine(node.GetStats())}").ConfigureAwait(false);
        }

        return 0;
    }
}
