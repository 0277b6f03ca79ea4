using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Host.Commands;

/// <summary>
/// <c>zhtp bench rpc</c>: ping throughput between two nodes on loopback UDP — one client node
/// keeps N pings in flight (<c>--concurrency</c>, default 64) to one server node for a fixed time;
/// prints requests per second, timeouts and round-trip percentiles (one line, or JSON with <c>--json</c>).
/// Every request and reply is authenticated: the first exchange by ECDSA P-256 signatures, then by
/// session MACs (docs/protocol.md); --insecure-signer measures the RPC path without ECDSA.
/// </summary>
internal sealed class BenchRpcCommand : IBenchCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var seconds = new Option<double>("--seconds") { Description = "Measurement time.", DefaultValueFactory = _ => 5 };
        var concurrency = new Option<int>("--concurrency") { Description = "Pings in flight.", DefaultValueFactory = _ => 64 };
        var insecure = new Option<bool>("--insecure-signer") { Description = "Use the INSECURE simulation signer (measures the RPC path without ECDSA)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object {\"requests_per_second\", \"completed\", \"timed_out\", ...} instead of a text line." };
        var command = new Command("rpc", "Ping RPC throughput between two nodes on loopback UDP.");
        command.Options.Add(seconds);
        command.Options.Add(concurrency);
        command.Options.Add(insecure);
        command.Options.Add(json);
        command.SetAction((ParseResult result, CancellationToken cancellationToken) => RunAsync(
            result.GetValue(seconds), result.GetValue(concurrency), result.GetValue(insecure), result.GetValue(json), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(double seconds, int concurrency, bool insecure, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (seconds <= 0 || concurrency is < 1 or > 4096)
        {
            await error.WriteLineAsync("zhtp bench rpc: --seconds must be positive and --concurrency 1..4096.").ConfigureAwait(false);
            return 2;
        }

        var config = new DhtConfig { MaxConcurrentRequests = 4096, RequestTimeout = TimeSpan.FromSeconds(2) };
        INodeSigner Signer(int i) => insecure ? NodeSigners.CreateInsecureForSimulation(new Random(i)) : NodeSigners.CreateEcdsaP256();
        await using IDhtNode server = await DhtNode.CreateAsync(config, DatagramTransports.BindUdp(new IPEndPoint(IPAddress.Loopback, 0)), Signer(1), cancellationToken: cancellationToken).ConfigureAwait(false);
        await using IDhtNode client = await DhtNode.CreateAsync(config, DatagramTransports.BindUdp(new IPEndPoint(IPAddress.Loopback, 0)), Signer(2), cancellationToken: cancellationToken).ConfigureAwait(false);
        IPEndPoint target = server.Self.EndPoint;

        // Warm-up (JIT, key cache).
        for (int i = 0; i < 200; i++)
        {
            await client.PingAsync(target, cancellationToken).ConfigureAwait(false);
        }

        long completed = 0;
        long failed = 0;
        var clock = Stopwatch.StartNew();
        TimeSpan duration = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                Contact? pong = await client.PingAsync(target, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref pong is null ? ref failed : ref completed);
            }
        })).ConfigureAwait(false);
        double elapsed = clock.Elapsed.TotalSeconds;
        DhtStats stats = client.GetStats();
        if (json)
        {
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{{\"signer\": \"{(insecure ? "insecure-simulation" : "ecdsa-p256")}\", \"concurrency\": {concurrency}, \"seconds\": {elapsed:F3}, \"completed\": {completed}, \"timed_out\": {failed}, " +
                $"\"requests_per_second\": {completed / elapsed:F0}, \"rtt_p50_ms\": {stats.LatencyP50.TotalMilliseconds:F3}, \"rtt_p99_ms\": {stats.LatencyP99.TotalMilliseconds:F3}}}")).ConfigureAwait(false);
            return 0;
        }

        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"ping rpc ({(insecure ? "INSECURE simulation signer" : "ECDSA P-256 identities; session MACs after the first signed exchange")}, {concurrency} in flight, {elapsed:F1} s): " +
            $"{completed / elapsed:N0} req/s, {failed} timed out, rtt p50 {stats.LatencyP50.TotalMilliseconds:F2} ms p99 {stats.LatencyP99.TotalMilliseconds:F2} ms")).ConfigureAwait(false);
        return 0;
    }
}
