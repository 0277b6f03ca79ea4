using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Zhtp.Storage.Content;
using Zhtp.Storage.Host.Demo;
using Zhtp.Storage.Types;
using Zhtp.Storage.Unified;

namespace Zhtp.Storage.Host.Commands;

/// <summary>
/// <c>zhtp demo</c>: every layer through <see cref="IUnifiedStorageSystem"/> alone. Starts a network of storage systems
/// on 127.0.0.1 in this process (<see cref="DemoNetwork"/>), stores small records as content from random nodes, finds
/// each from a random node, stops some nodes and finds every record again, runs the content stage on the same network
/// (<see cref="ContentDemo"/>), the storage market with real audits on its own systems (<see cref="EconomicDemo"/>:
/// its contract clock is simulated), a threshold-key committee on its own DHT nodes (<see cref="CommitteeDemo"/>: committees
/// are not in the facade yet) and prints statistics.
/// </summary>
internal sealed class DemoCommand : IZhtpCommand
{
    /// <summary>Fewest nodes: a record's 6 shards on distinct nodes after the kills and the content stage's two stopped holders.</summary>
    private const int MinNodes = 10;

    /// <inheritdoc />
    public Command Build()
    {
        var nodes = new Option<int>("--nodes") { Description = "Storage systems to start (10..64).", DefaultValueFactory = _ => 16 };
        var records = new Option<int>("--records") { Description = "Small records to store as content (1..1000).", DefaultValueFactory = _ => 40 };
        var kill = new Option<int>("--kill") { Description = "Nodes to stop before finding the records again (0..2: each record's 4 + 2 shards survive the loss of any 2 nodes).", DefaultValueFactory = _ => 2 };
        var k = new Option<int>("--k") { Description = "DHT bucket size and record replication (small, so that records live on a subset of the nodes and lookups route).", DefaultValueFactory = _ => 8 };
        var seed = new Option<int>("--seed") { Description = "Seed for values and choices.", DefaultValueFactory = _ => 1 };
        var command = new Command("demo", "Runs every layer on a local network of storage systems: join, store, find, stop nodes, find again, encrypted content, the storage market, stats.");
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
        if (nodeCount is < MinNodes or > 64 || recordCount is < 1 or > 1000 || killCount is < 0 or > 2 || k is < 2 or > 64)
        {
            await error.WriteLineAsync("zhtp demo: --nodes must be 10..64, --records 1..1000, --kill 0..2 and --k 2..64.").ConfigureAwait(false);
            return 2;
        }

        CultureInfo c = CultureInfo.InvariantCulture;
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        await output.WriteLineAsync(string.Create(c, $"[1/8] starting {nodeCount} storage systems on 127.0.0.1 with UnifiedStorageSystems.StartAsync (identity, real UDP DHT with k = {k} and signed messages, record store, content manager), all driven through IUnifiedStorageSystem only")).ConfigureAwait(false);
        await using DemoNetwork network = await DemoNetwork.StartAsync(nodeCount, k, (i, node) =>
        {
            NodeInfo info = node.GetNodeInfo();
            return i < 3 || i == nodeCount - 1
                ? output.WriteLineAsync(string.Create(c, $"      node {i + 1,3} {info.NodeId.ToString()[..16]}… on {info.EndPoint,-16} joined with {node.GetPeers().Count} contacts"))
                : Task.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);

        await output.WriteLineAsync(string.Create(c, $"[2/8] storing {recordCount} small records as public content from random nodes (each: a head record, a signed manifest and Reed-Solomon 4+2 shards, all DHT records)")).ConfigureAwait(false);
        var records = new List<(ContentId Id, byte[] Value)>();
        for (int r = 0; r < recordCount; r++)
        {
            byte[] value = System.Text.Encoding.UTF8.GetBytes(string.Create(c, $"record {r}: {Convert.ToHexString(RandomBytes(random, 16))}"));
            ContentReceipt stored = await network.Nodes[random.Next(network.Nodes.Count)].UploadContentAsync(new MemoryStream(value), new ContentUploadOptions { Encryption = EncryptionLevel.None }, cancellationToken).ConfigureAwait(false);
            records.Add((stored.Id, value));
            if (r < 3 || r == recordCount - 1)
            {
                await output.WriteLineAsync(string.Create(c, $"      {stored.Id.ToString()[..16]}… {value.Length} bytes: {stored.Shards} shards on {stored.Holders} nodes")).ConfigureAwait(false);
            }
        }

        await output.WriteLineAsync("[3/8] finding every record from a random node").ConfigureAwait(false);
        (int found, double meanMs) = await FindAllAsync(network.Nodes, records, random, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(c, $"      found {found}/{records.Count}, {meanMs:F1} ms per record (head, manifest and shards resolved over the DHT)")).ConfigureAwait(false);

        await output.WriteLineAsync(string.Create(c, $"[4/8] stopping {killCount} nodes, then finding every record again")).ConfigureAwait(false);
        foreach (IUnifiedStorageSystem victim in network.Nodes.Skip(1).OrderBy(_ => random.Next()).Take(killCount).ToList())
        {
            NodeInfo info = victim.GetNodeInfo();
            await network.StopAsync(victim).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(c, $"      stopped {info.NodeId.ToString()[..16]}… on {info.EndPoint}")).ConfigureAwait(false);
        }

        (int foundAfter, double meanMsAfter) = await FindAllAsync(network.Nodes, records, random, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(c, $"      found {foundAfter}/{records.Count} with {killCount} of {nodeCount} nodes stopped, {meanMsAfter:F1} ms per record")).ConfigureAwait(false);

        await output.WriteLineAsync("[5/8] content on the same network: a user stores an encrypted document (segments -> LZ4 -> AES-256-GCM -> Reed-Solomon 4+2 -> shards on distinct nodes -> signed manifest), stops up to two holders, reads it back on a second node, repairs, updates, searches, uses the vault, deletes").ConfigureAwait(false);
        bool contentOk = await ContentDemo.RunAsync(network, random, output, cancellationToken).ConfigureAwait(false);

        await output.WriteLineAsync("[6/8] storage market on its own eight systems (its contract clock is simulated): quotes, signed contracts on the DHT, escrow on a SQLite ledger, Merkle audits, penalty and payment").ConfigureAwait(false);
        await EconomicDemo.RunAsync(output, cancellationToken).ConfigureAwait(false);

        await output.WriteLineAsync("[7/8] a committee of 5 more nodes makes a 3-of-5 BLS threshold key by distributed key generation and co-signs identity credentials (zhtp/dkg/1, zhtp/committee/credential/1)").ConfigureAwait(false);
        bool committeeOk = await CommitteeDemo.RunAsync(5, 3, output, cancellationToken).ConfigureAwait(false);

        await output.WriteLineAsync("[8/8] statistics of the running nodes (GetStatisticsAsync)").ConfigureAwait(false);
        var stats = new List<UnifiedStorageStats>();
        foreach (IUnifiedStorageSystem node in network.Nodes)
        {
            stats.Add(await node.GetStatisticsAsync(cancellationToken).ConfigureAwait(false));
        }

        List<DhtStats> dht = stats.Select(s => s.Dht).ToList();
        await output.WriteLineAsync(string.Create(c,
            $"      nodes {dht.Count}, contacts per node {dht.Average(s => s.Contacts):F1}, messages sent {dht.Sum(s => s.MessagesSent):N0}, received {dht.Sum(s => s.MessagesReceived):N0}, " +
            $"dropped {dht.Sum(s => s.MessagesDropped):N0}, timeouts {dht.Sum(s => s.RequestTimeouts):N0}")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(c,
            $"      records held {dht.Sum(s => s.RecordsStored):N0} ({dht.Sum(s => s.StorageUsedBytes):N0} bytes), lookups {dht.Sum(s => s.LookupsSucceeded):N0}/{dht.Sum(s => s.Lookups):N0} succeeded, " +
            $"rtt p50 {dht.Average(s => s.LatencyP50.TotalMilliseconds):F2} ms p99 {dht.Max(s => s.LatencyP99.TotalMilliseconds):F2} ms; uploads {stats.Sum(s => s.Storage.ContentItems):N0}, shards {stats.Sum(s => s.Storage.Shards):N0}")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(c, $"      node 1: {DhtHostSupport.StatsLine(dht[0])}")).ConfigureAwait(false);
        bool ok = found == records.Count && foundAfter == records.Count && contentOk && committeeOk;
        await output.WriteLineAsync(string.Create(c, $"{(ok ? "OK" : "FAILED")}: demo finished in {clock.Elapsed.TotalSeconds:F1} s")).ConfigureAwait(false);
        return ok ? 0 : 1;
    }

    /// <summary>Downloads every record from a random node; returns how many came back equal and the mean time per record.</summary>
    private static async Task<(int Found, double MeanMilliseconds)> FindAllAsync(List<IUnifiedStorageSystem> nodes, List<(ContentId Id, byte[] Value)> records, Random random, CancellationToken cancellationToken)
    {
        int found = 0;
        long started = Stopwatch.GetTimestamp();
        foreach ((ContentId id, byte[] value) in records)
        {
            using var copy = new MemoryStream();
            try
            {
                await nodes[random.Next(nodes.Count)].DownloadContentAsync(id, copy, cancellationToken: cancellationToken).ConfigureAwait(false);
                found += copy.ToArray().AsSpan().SequenceEqual(value) ? 1 : 0;
            }
            catch (ContentException)
            {
                // Counted as not found.
            }
        }

        return (found, Stopwatch.GetElapsedTime(started).TotalMilliseconds / records.Count);
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        byte[] bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
