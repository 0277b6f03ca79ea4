using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Host.Commands;

/// <summary>Shared pieces of the DHT commands: endpoint parsing, client nodes, stats lines.</summary>
internal static class DhtHostSupport
{
    /// <summary>The <c>--signer ecdsa|mldsa65</c> option: the node key's algorithm (a network uses one).</summary>
    public static Option<string> SignerOption()
    {
        var option = new Option<string>("--signer")
        {
            Description = "Node key algorithm: ecdsa (ECDSA P-256, default) or mldsa65 (ML-DSA-65, post-quantum; datagrams are authenticated by sessions from a hybrid X25519 + ML-KEM-768 handshake). A network uses one.",
            DefaultValueFactory = _ => "ecdsa",
        };
        option.AcceptOnlyFromAmong("ecdsa", "mldsa65");
        return option;
    }

    /// <summary>The algorithm named by a <see cref="SignerOption"/> value.</summary>
    public static Types.Cryptography.SignatureAlgorithm SignerAlgorithm(string? name) =>
        name == "mldsa65" ? Types.Cryptography.SignatureAlgorithm.MLDsa65 : Types.Cryptography.SignatureAlgorithm.EcdsaP256;

    /// <summary>Parses HOST:PORT (IPv4, [IPv6]:PORT or a DNS name); null with <paramref name="problem"/> set when invalid.</summary>
    public static IPEndPoint? ParseEndPoint(string text, out string? problem)
    {
        problem = null;
        if (IPEndPoint.TryParse(text, out IPEndPoint? parsed) && parsed.Port != 0)
        {
            return parsed;
        }

        int colon = text.LastIndexOf(':');
        if (colon > 0 && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is > 0 and <= 65535)
        {
            try
            {
                IPAddress? address = Dns.GetHostAddresses(text[..colon]).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
                    ?? Dns.GetHostAddresses(text[..colon]).FirstOrDefault();
                if (address is not null)
                {
                    return new IPEndPoint(address, port);
                }
            }
            catch (SocketException)
            {
            }
        }

        problem = $"'{text}' is not HOST:PORT (e.g. 127.0.0.1:4000).";
        return null;
    }

    /// <summary>Parses every bootstrap endpoint, writing the first problem to <paramref name="error"/>.</summary>
    public static List<IPEndPoint>? ParseBootstrap(IEnumerable<string> texts, TextWriter error, string command)
    {
        var endpoints = new List<IPEndPoint>();
        foreach (string text in texts)
        {
            IPEndPoint? endpoint = ParseEndPoint(text, out string? problem);
            if (endpoint is null)
            {
                error.WriteLine($"zhtp {command}: --bootstrap {problem}");
                return null;
            }

            endpoints.Add(endpoint);
        }

        return endpoints;
    }

    /// <summary>
    /// Starts a short-lived node in client mode (fresh <paramref name="signer"/> key, in-memory store,
    /// <see cref="DhtNodeOptions.ClientMode"/>) on an ephemeral port and joins through <paramref name="bootstrap"/>;
    /// null when no bootstrap node answered. Client mode keeps the finished process's port out of every routing
    /// table, so it is never handed out as a dead contact. The key algorithm must be the network's (<see cref="SignerOption"/>).
    /// </summary>
    public static async Task<IDhtNode?> JoinAsClientAsync(IReadOnlyList<IPEndPoint> bootstrap, Types.Cryptography.SignatureAlgorithm signer, TextWriter error, string command, CancellationToken cancellationToken)
    {
        IDhtNode node = await CreateClientNodeAsync(bootstrap, signer, cancellationToken).ConfigureAwait(false);
        if (await node.JoinAsync(bootstrap, cancellationToken).ConfigureAwait(false) == 0)
        {
            await error.WriteLineAsync($"zhtp {command}: no bootstrap node answered ({string.Join(", ", bootstrap)}); is a node running there?").ConfigureAwait(false);
            await node.DisposeAsync().ConfigureAwait(false);
            return null;
        }

        await error.WriteLineAsync($"client {node.Self.Id} on {node.Self.EndPoint} (client mode: not added to routing tables)").ConfigureAwait(false);
        return node;
    }

    /// <summary>
    /// Creates (does not join) a client-mode node with a fresh <paramref name="signer"/> key, bound to loopback when every
    /// endpoint of <paramref name="bootstrap"/> is loopback of one family (or there are none), else to a dual-stack socket.
    /// </summary>
    public static Task<IDhtNode> CreateClientNodeAsync(IReadOnlyList<IPEndPoint> bootstrap, Types.Cryptography.SignatureAlgorithm signer, CancellationToken cancellationToken)
    {
        // Loopback of the bootstrap's family when every bootstrap is local, else a dual-stack socket
        // that reaches IPv4 and IPv6 nodes alike.
        IPAddress bind = bootstrap.Count == 0 ? IPAddress.Loopback : IPAddress.IPv6Any;
        if (bootstrap.Count > 0 && bootstrap.All(e => IPAddress.IsLoopback(e.Address)) && bootstrap.Select(e => e.AddressFamily).Distinct().Count() == 1)
        {
            bind = bootstrap[0].AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        }

        return DhtNode.CreateAsync(new DhtNodeOptions
        {
            Config = new DhtConfig(),
            Transport = DatagramTransports.BindUdp(new IPEndPoint(bind, 0)),
            Signer = signer == Types.Cryptography.SignatureAlgorithm.MLDsa65 ? NodeSigners.CreateMLDsa65() : NodeSigners.CreateEcdsaP256(),
            MaintenanceInterval = null,
            ClientMode = true,
        }, cancellationToken);
    }

    /// <summary>One line of node statistics.</summary>
    public static string StatsLine(DhtStats s)
    {
        string drops = s.DropsByReason.Count == 0 ? "none" : string.Join(", ", s.DropsByReason.Select(p => $"{p.Key} {p.Value}"));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"contacts {s.Contacts} in {s.ActiveBuckets} buckets | sent {s.MessagesSent:N0} received {s.MessagesReceived:N0} accepted {s.MessagesAccepted:N0} | drops: {drops} | " +
            $"timeouts {s.RequestTimeouts:N0} | lookups {s.LookupsSucceeded:N0}/{s.Lookups:N0} | rtt p50 {s.LatencyP50.TotalMilliseconds:F2} ms p99 {s.LatencyP99.TotalMilliseconds:F2} ms | " +
            $"records {s.RecordsStored:N0} ({s.StorageUsedBytes:N0} of {s.StorageQuotaBytes:N0} bytes)");
    }
}
