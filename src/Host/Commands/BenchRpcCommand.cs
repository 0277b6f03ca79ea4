using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Cryptography;

namespace Zhtp.Storage.Host.Commands;

/// <summary>
/// <c>zhtp bench rpc</c>: ping throughput between two nodes on loopback UDP — one client node
/// keeps N pings in flight (<c>--concurrency</c>, default 64) to one server node for a fixed time;
/// prints requests per second, timeouts and round-trip percentiles (one line, or JSON with <c>--json</c>).
/// Every request and reply is authenticated: ECDSA P-256 nodes (default) by signatures on the first
/// exchange, then static-ECDH session MACs; <c>--signer mldsa65</c> (or <c>--hybrid-handshake</c>) by
/// session MACs from the hybrid handshake (docs/protocol.md "Handshake"), whose cost it also measures;
/// --insecure-signer measures the RPC path without ECDSA.
/// </summary>
internal sealed class BenchRpcCommand : IBenchCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var seconds = new Option<double>("--seconds") { Description = "Measurement time.", DefaultValueFactory = _ => 5 };
        var concurrency = new Option<int>("--concurrency") { Description = "Pings in flight.", DefaultValueFactory = _ => 64 };
        var insecure = new Option<bool>("--insecure-signer") { Description = "Use the INSECURE simulation signer (measures the RPC path without ECDSA)." };
        Option<string> signer = DhtHostSupport.SignerOption();
        var hybridOption = new Option<bool>("--hybrid-handshake") { Description = "ECDSA nodes use hybrid-handshake sessions instead of static-ECDH ones (ML-DSA nodes always do)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object {\"requests_per_second\", \"completed\", \"timed_out\", ...} instead of a text line." };
        var command = new Command("rpc", "Ping RPC throughput between two nodes on loopback UDP.");
        command.Options.Add(seconds);
        command.Options.Add(concurrency);
        command.Options.Add(insecure);
        command.Options.Add(signer);
        command.Options.Add(hybridOption);
        command.Options.Add(json);
        command.SetAction((ParseResult result, CancellationToken cancellationToken) => RunAsync(
            result.GetValue(seconds), result.GetValue(concurrency), result.GetValue(insecure), DhtHostSupport.SignerAlgorithm(result.GetValue(signer)), result.GetValue(hybridOption), result.GetValue(json), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(double seconds, int concurrency, bool insecure, SignatureAlgorithm algorithm, bool hybrid, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (seconds <= 0 || concurrency is < 1 or > 4096)
        {
            await error.WriteLineAsync("zhtp bench rpc: --seconds must be positive and --concurrency 1..4096.").ConfigureAwait(false);
            return 2;
        }

        var config = new DhtConfig { MaxConcurrentRequests = 4096, RequestTimeout = TimeSpan.FromSeconds(2) };
        INodeSigner Signer(int i) => insecure ? NodeSigners.CreateInsecureForSimulation(new Random(i))
            : algorithm == SignatureAlgorithm.MLDsa65 ? NodeSigners.CreateMLDsa65() : NodeSigners.CreateEcdsaP256();
        DhtNodeOptions Options(int i) => new() { Config = config, Transport = DatagramTransports.BindUdp(new IPEndPoint(IPAddress.Loopback, 0)), Signer = Signer(i), HybridHandshake = hybrid ? true : null };
        await using IDhtNode server = await DhtNode.CreateAsync(Options(1), cancellationToken).ConfigureAwait(false);
        await using IDhtNode client = await DhtNode.CreateAsync(Options(2), cancellationToken).ConfigureAwait(false);
        IPEndPoint target = server.Self.EndPoint;
        string signerName = insecure ? "insecure-simulation" : algorithm == SignatureAlgorithm.MLDsa65 ? "mldsa65" : "ecdsa-p256";
        string sessions = ((Dht.Node.KademliaNode)client).UsesHandshake ? "hybrid-handshake" : "static-ecdh";

        // Handshake cost: sequential hybrid handshakes (X25519 + ML-KEM-768, signed by the node keys)
        // over loopback TCP, each a full exchange: both sides' key generation, signing and verification.
        var handshakeNode = (Dht.Node.KademliaNode)client;
        int handshakes = algorithm == SignatureAlgorithm.MLDsa65 ? 100 : 200;
        (_, _, _, _, long bytesBefore) = handshakeNode.Counters.Handshakes();
        await handshakeNode.HandshakeAsync(target, server.Self.Id).ConfigureAwait(false);
        (_, _, _, _, long bytesAfterOne) = handshakeNode.Counters.Handshakes();
        var handshakeClock = Stopwatch.StartNew();
        for (int i = 0; i < handshakes; i++)
        {
            if (await handshakeNode.HandshakeAsync(target, server.Self.Id).ConfigureAwait(false) is null)
            {
                await error.WriteLineAsync("zhtp bench rpc: a handshake failed.").ConfigureAwait(false);
                return 1;
            }
        }

        double handshakeUs = handshakeClock.Elapsed.TotalMicroseconds / handshakes;
        long handshakeBytes = bytesAfterOne - bytesBefore;

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
                $"{{\"signer\": \"{signerName}\", \"sessions\": \"{sessions}\", \"handshake_us\": {handshakeUs:F0}, \"handshake_bytes\": {handshakeBytes}, \"concurrency\": {concurrency}, \"seconds\": {elapsed:F3}, \"completed\": {completed}, \"timed_out\": {failed}, " +
                $"\"requests_per_second\": {completed / elapsed:F0}, \"rtt_p50_ms\": {stats.LatencyP50.TotalMilliseconds:F3}, \"rtt_p99_ms\": {stats.LatencyP99.TotalMilliseconds:F3}}}")).ConfigureAwait(false);
            return 0;
        }

        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"ping rpc ({signerName} node keys, {sessions} session MACs, {concurrency} in flight, {elapsed:F1} s): " +
            $"{completed / elapsed:N0} req/s, {failed} timed out, rtt p50 {stats.LatencyP50.TotalMilliseconds:F2} ms p99 {stats.LatencyP99.TotalMilliseconds:F2} ms; " +
            $"hybrid handshake {handshakeUs:F0} µs, {handshakeBytes} bytes")).ConfigureAwait(false);
        return 0;
    }
}
