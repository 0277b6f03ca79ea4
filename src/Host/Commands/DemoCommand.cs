using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Host.Demo;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Host.Commands;

/// <summary>
/// <c>zhtp demo</c>: starts a DHT of real UDP nodes on 127.0.0.1 in this process, stores records,
/// finds them from random nodes, kills some nodes, finds every record again, stores and retrieves a
/// document through the unified storage facade on its own nodes (<see cref="ContentDemo"/>), runs the
/// storage market with real audits (<see cref="EconomicDemo"/>) and prints statistics.
/// </summary>
internal sealed class DemoCommand : IZhtpCommand
{
    /// <summary>Storage nodes of the content stage (enough for 4 + 2 shards on distinct holders with two of them stopped).</summary>
    private const int ContentNodes = 8;

    /// <inheritdoc />
    public Command Build()
    {
        var nodes = new Option<int>("--nodes") { Description = "Nodes to start.", DefaultValueFactory = _ => 30 };
        var records = new Option<int>("--records") { Description = "Records to store.", DefaultValueFactory = _ => 100 };
        var kill = new Option<int>("--kill") { Description = "Nodes to kill before finding the records again.", DefaultValueFactory = _ => 8 };
        var k = new Option<int>("--k") { Description = "Replication width and bucket size (small, so that records live on a subset of the nodes and lookups route).", DefaultValueFactory = _ => 8 };
        var seed = new Option<int>("--seed") { Description = "Seed for values and choices.", DefaultValueFactory = _ => 1 };
        var command = new Command("demo", "Runs a local DHT of real UDP nodes: join, store, find, kill nodes, find again, stats.");
        command.Options.Add(nodes);
        command.Options.Add(records);
        command.Options.Add(kill);
        command.Options.Add(seed);
        command.Options.Add(k);
        command.SetAction((ParseResult result, CancellationToken cancellationToken) => RunAsync(
            result.GetValue(nodes), result.GetValue(records), result.GetValue(kill), result.GetValue(k), result.GetValue(seed), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(int nodeCount, int recordCount, int killCount, int k, int seed, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (nodeCount is < 2 or > 500 || recordCount is < 1 or > 100_000 || killCount < 0 || killCount >= nodeCount - 1 || k is < 2 or > 64)
        {
            await error.WriteLineAsync("zhtp demo: --nodes must be 2..500, --records 1..100000, --kill less than --nodes - 1 and --k 2..64.").ConfigureAwait(false);
            return 2;
        }

        CultureInfo c = CultureInfo.InvariantCulture;
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        var config = new DhtConfig { K = k, RequestTimeout = TimeSpan.FromMilliseconds(400), MaxRetries = 1 };
        var nodes = new List<IDhtNode>();
        try
        {
            await output.WriteLineAsync(string.Create(c, $"[1/7] starting {nodeCount} nodes on 127.0.0.1 (real UDP, ECDSA P-256 signed messages)")).ConfigureAwait(false);
            for (int i = 0; i < nodeCount; i++)
            {
                IDhtNode node = await DhtNode.CreateAsync(new DhtNodeOptions
                {
                    Config = config,
                    Transport = DatagramTransports.BindUdp(new IPEndPoint(IPAddress.Loopback, 0)),
                    Signer = NodeSigners.CreateEcdsaP256(),
                    MaintenanceInterval = null,
                }, cancellationToken).ConfigureAwait(false);
                int contacts = i == 0 ? 0 : await node.JoinAsync([nodes[random.Next(i)].Self.EndPoint], cancellationToken).ConfigureAwait(false);
                nodes.Add(node);
                await output.WriteLineAsync(string.Create(c, $"      node {i + 1,3} {node.Self.Id.ToString()[..16]}… on {node.Self.EndPoint,-16} joined with {contacts} contacts")).ConfigureAwait(false);
            }

            await output.WriteLineAsync(string.Create(c, $"[2/7] storing {recordCount} records (each on the {config.K} closest nodes to BLAKE3(value))")).ConfigureAwait(false);
            var keys = new List<(DhtKey Key, byte[] Value)>();
            for (int r = 0; r < recordCount; r++)
            {
                byte[] value = System.Text.Encoding.UTF8.GetBytes(string.Create(c, $"record {r}: {Convert.ToHexString(RandomBytes(random, 16))}"));
                StoreResult stored = await nodes[random.Next(nodes.Count)].StoreAsync(value, cancellationToken).ConfigureAwait(false);
                keys.Add((stored.Key, value));
                if (r < 3 || r == recordCount - 1)
                {
                    await output.WriteLineAsync(string.Create(c, $"      {stored.Key.ToString()[..16]}… stored on {stored.StoredOn.Count} nodes")).ConfigureAwait(false);
                }
            }

            await output.WriteLineAsync("[3/7] finding every record from a random node").ConfigureAwait(false);
            (int found, double rounds) = await FindAllAsync(nodes, keys, random, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(c, $"      found {found}/{keys.Count}, mean hops {rounds:F2}")).ConfigureAwait(false);

            await output.WriteLineAsync(string.Create(c, $"[4/7] killing {killCount} nodes, then finding every record again")).ConfigureAwait(false);
            foreach (IDhtNode victim in nodes.OrderBy(_ => random.Next()).Take(killCount).ToList())
            {
                await output.WriteLineAsync(string.Create(c, $"      killed {victim.Self.Id.ToString()[..16]}… on {victim.Self.EndPoint}")).ConfigureAwait(false);
                await victim.DisposeAsync().ConfigureAwait(false);
                nodes.Remove(victim);
            }

            (int foundAfter, double roundsAfter) = await FindAllAsync(nodes, keys, random, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(c, $"      found {foundAfter}/{keys.Count} with {killCount} of {nodeCount} nodes dead, mean hops {roundsAfter:F2}")).ConfigureAwait(false);

            await output.WriteLineAsync(string.Create(c, $"[5/7] content through IUnifiedStorageSystem only: {ContentNodes} more nodes started with UnifiedStorageSystems.StartAsync; a user stores an encrypted document (segments -> LZ4 -> AES-256-GCM -> Reed-Solomon 4+2 -> shards on distinct nodes -> signed manifest), stops up to two holders, reads it back on a second node, repairs, updates, searches, uses the vault, deletes")).ConfigureAwait(false);
            bool contentOk = await ContentDemo.RunAsync(ContentNodes, random, output, cancellationToken).ConfigureAwait(false);

            await output.WriteLineAsync("[6/7] storage market: quotes, signed contracts on the DHT, escrow on a SQLite ledger, Merkle audits, penalty and payment").ConfigureAwait(false);
            await EconomicDemo.RunAsync(output, cancellationToken).ConfigureAwait(false);

            await output.WriteLineAsync("[7/7] statistics of the surviving DHT nodes").ConfigureAwait(false);
            List<DhtStats> stats = nodes.Select(n => n.GetStats()).ToList();
            await output.WriteLineAsync(string.Create(c,
                $"      nodes {stats.Count}, contacts per node {stats.Average(s => s.Contacts):F1}, messages sent {stats.Sum(s => s.MessagesSent):N0}, received {stats.Sum(s => s.MessagesReceived):N0}, " +
                $"dropped {stats.Sum(s => s.MessagesDropped):N0}, timeouts {stats.Sum(s => s.RequestTimeouts):N0}")).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(c,
                $"      records held {stats.Sum(s => s.RecordsStored):N0} ({stats.Sum(s => s.StorageUsedBytes):N0} bytes), lookups {stats.Sum(s => s.LookupsSucceeded):N0}/{stats.Sum(s => s.Lookups):N0} succeeded, " +
                $"rtt p50 {stats.Average(s => s.LatencyP50.TotalMilliseconds):F2} ms p99 {stats.Max(s => s.LatencyP99.TotalMilliseconds):F2} ms")).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(c, $"      node 1: {DhtHostSupport.StatsLine(stats[0])}")).ConfigureAwait(false);
            bool ok = found == keys.Count && foundAfter == keys.Count && contentOk;
            await output.WriteLineAsync(string.Create(c, $"{(ok ? "OK" : "FAILED")}: demo finished in {clock.Elapsed.TotalSeconds:F1} s")).ConfigureAwait(false);
            return ok ? 0 : 1;
        }
        finally
        {
            foreach (IDhtNode node in nodes)
            {
                await node.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<(int Found, double MeanRounds)> FindAllAsync(List<IDhtNode> nodes, List<(DhtKey Key, byte[] Value)> keys, Random random, CancellationToken cancellationToken)
    {
        int found = 0;
        long rounds = 0;
        foreach ((DhtKey key, byte[] value) in keys)
        {
            FindValueResult result = await nodes[random.Next(nodes.Count)].FindValueAsync(key, cancellationToken).ConfigureAwait(false);
            if (result.Found && result.Record!.Value.Span.SequenceEqual(value))
            {
                found++;
            }

            rounds += result.Rounds;
        }

        return (found, (double)rounds / keys.Count);
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        byte[] bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
