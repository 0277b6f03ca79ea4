using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Zhtp.Storage.Dht.Simulation;

namespace Zhtp.Storage.Host.Commands;

/// <summary>
/// <c>zhtp sim --nodes N --lookups L --dead-fraction F</c>: a deterministic discrete-event
/// simulation of a Kademlia network (joins, stores, failures, lookups) with the production routing
/// table and lookup state machine; prints rounds, messages and success rates (or one JSON object).
/// </summary>
internal sealed class SimCommand : IZhtpCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var nodes = new Option<int>("--nodes") { Description = "Nodes in the network.", DefaultValueFactory = _ => 10_000 };
        var lookups = new Option<int>("--lookups") { Description = "FindValue lookups (of stored records) and FindNode lookups (of random ids), each.", DefaultValueFactory = _ => 1000 };
        var records = new Option<int?>("--records") { Description = "Records stored before the failures (default: --lookups)." };
        var dead = new Option<double>("--dead-fraction") { Description = "Fraction of nodes killed after the records are stored (0..1).", DefaultValueFactory = _ => 0.0 };
        var seed = new Option<int>("--seed") { Description = "Seed of every random choice.", DefaultValueFactory = _ => 1 };
        var paths = new Option<int>("--paths") { Description = "Disjoint lookup paths (S/Kademlia d).", DefaultValueFactory = _ => 1 };
        var loss = new Option<double>("--loss") { Description = "Probability that a request is lost (0..1).", DefaultValueFactory = _ => 0.0 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var minLatency = new Option<int>("--min-latency-ms") { Description = "Smallest one-way latency (virtual ms).", DefaultValueFactory = _ => 10 };
        var maxLatency = new Option<int>("--max-latency-ms") { Description = "Largest one-way latency (virtual ms).", DefaultValueFactory = _ => 100 };
        var churn = new Option<double>("--churn-per-hour") { Description = "Fraction of live nodes replaced every simulated hour (0..1), with --hours.", DefaultValueFactory = _ => 0.0 };
        var hours = new Option<int>("--hours") { Description = "Simulated hours of churn, refresh, re-replication and republish after storing (0: none).", DefaultValueFactory = _ => 0 };
        var fullStacks = new Option<bool>("--full-stacks") { Description = "Run real DhtNode stacks (encoding, signatures, routing, records) on the in-memory network with virtual time instead of the routing-level simulation; prints time and memory per node. Uses --nodes, --lookups, --records, --seed." };
        var command = new Command("sim", "Simulates a Kademlia network in memory and reports lookup rounds, messages and success.");
        foreach (Option option in new Option[] { nodes, lookups, records, dead, seed, paths, loss, json, minLatency, maxLatency, churn, hours, fullStacks })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (ParseResult result, CancellationToken cancellationToken) =>
        {
            TextWriter output = result.InvocationConfiguration.Output;
            TextWriter error = result.InvocationConfiguration.Error;
            if (result.GetValue(fullStacks))
            {
                return await RunFullStacksAsync(result.GetValue(nodes), result.GetValue(lookups), result.GetValue(records) ?? Math.Min(result.GetValue(lookups), 100), result.GetValue(seed), result.GetValue(json), output, error).ConfigureAwait(false);
            }

            var options = new SimulationOptions
            {
                Nodes = result.GetValue(nodes),
                Lookups = result.GetValue(lookups),
                Records = result.GetValue(records) ?? result.GetValue(lookups),
                DeadFraction = result.GetValue(dead),
                Seed = result.GetValue(seed),
                Paths = result.GetValue(paths),
                LossRate = result.GetValue(loss),
                MinLatencyMs = result.GetValue(minLatency),
                MaxLatencyMs = result.GetValue(maxLatency),
                ChurnPerHour = result.GetValue(churn),
                Hours = result.GetValue(hours),
            };
            string? problem = Validate(options);
            if (problem is not null)
            {
                error.WriteLine($"zhtp sim: {problem}");
                return 2;
            }

            bool asJson = result.GetValue(json);
            SimulationReport report = new NetworkSimulation(options).Run(asJson ? null : line => output.WriteLine($"  {line}"));
            await output.WriteLineAsync(asJson ? ToJson(report) : ToText(report)).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static async Task<int> RunFullStacksAsync(int nodes, int lookups, int records, int seed, bool asJson, TextWriter output, TextWriter error)
    {
        if (nodes < 2 || lookups < 0 || records < 1)
        {
            error.WriteLine("zhtp sim: --full-stacks needs --nodes of at least 2, --lookups of 0 or more and --records of at least 1.");
            return 2;
        }

        var options = new FullStackOptions { Nodes = nodes, Lookups = lookups, Records = records, Seed = seed };
        FullStackReport report = await new FullStackSimulation(options).RunAsync(asJson ? null : line => output.WriteLine($"  {line}")).ConfigureAwait(false);
        output.WriteLine(asJson ? FullStackJson(report) : FullStackText(report));
        return report.SuccessRate == 1 ? 0 : 1;
    }

    private static string FullStackText(FullStackReport r)
    {
        var text = new StringBuilder();
        CultureInfo c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"full stacks {r.Options.Nodes:N0} (mean contacts {r.MeanContacts:F1}), {r.Options.Records:N0} records, seed {r.Options.Seed}");
        foreach (FullStackPhase phase in r.Phases)
        {
            text.AppendLine(c, $"{phase.Name,-8} {phase.Elapsed.TotalSeconds,7:F1} s   managed heap after {phase.ManagedBytes / (1024.0 * 1024):F0} MiB   GCs {phase.Gen0}/{phase.Gen1}/{phase.Gen2} (gen 0/1/2), paused {phase.GcPause.TotalSeconds:F1} s");
        }

        text.AppendLine(c, $"FindValue success {r.SuccessRate:P2} ({r.Found:N0}/{r.Lookups:N0}), rounds median {Percentiles.Of(r.Rounds, 50)}, virtual latency median {Percentiles.Of(r.LatencyMs, 50)} ms");
        text.AppendLine(c, $"memory   {r.ManagedBytesPerNode / 1024.0:F1} KiB managed per node, peak working set {r.PeakWorkingSetBytes / (1024.0 * 1024):F0} MiB ({r.PeakWorkingSetBytes / (double)r.Options.Nodes / 1024:F1} KiB per node)");
        text.AppendLine(c, $"time     {r.Elapsed.TotalSeconds / r.Options.Nodes * 1000:F2} ms per node, {r.Datagrams:N0} datagrams, {r.VirtualElapsed.TotalSeconds:F1} s virtual");
        text.Append(c, $"wall time {r.Elapsed.TotalSeconds:F1} s");
        return text.ToString();
    }

    private static string FullStackJson(FullStackReport r) => Json(writer =>
    {
        writer.WriteBoolean("full_stacks", true);
        writer.WriteNumber("nodes", r.Options.Nodes);
        writer.WriteNumber("records", r.Options.Records);
        writer.WriteNumber("lookups", r.Lookups);
        writer.WriteNumber("success_rate", r.SuccessRate);
        writer.WriteNumber("median_rounds", Percentiles.Of(r.Rounds, 50));
        writer.WriteNumber("median_latency_ms", Percentiles.Of(r.LatencyMs, 50));
        writer.WriteNumber("mean_contacts", Math.Round(r.MeanContacts, 1));
        writer.WriteNumber("datagrams", r.Datagrams);
        foreach (FullStackPhase phase in r.Phases)
        {
            writer.WriteNumber($"{phase.Name}_seconds", Math.Round(phase.Elapsed.TotalSeconds, 2));
            writer.WriteNumber($"{phase.Name}_managed_bytes", phase.ManagedBytes);
            writer.WriteNumber($"{phase.Name}_gc_pause_seconds", Math.Round(phase.GcPause.TotalSeconds, 2));
        }

        writer.WriteNumber("managed_bytes_per_node", r.ManagedBytesPerNode);
        writer.WriteNumber("peak_working_set_bytes", r.PeakWorkingSetBytes);
        writer.WriteNumber("ms_per_node", Math.Round(r.Elapsed.TotalMilliseconds / r.Options.Nodes, 3));
        writer.WriteNumber("elapsed_seconds", Math.Round(r.Elapsed.TotalSeconds, 2));
    });

    private static string? Validate(SimulationOptions o) =>
        o.Nodes < 2 ? "--nodes must be at least 2."
        : o.Lookups < 0 ? "--lookups must be 0 or more."
        : o.Records < 1 ? "--records must be at least 1."
        : o.DeadFraction is < 0 or >= 1 ? "--dead-fraction must be in [0, 1)."
        : o.Paths is < 1 or > 16 ? "--paths must be 1..16."
        : o.LossRate is < 0 or >= 1 ? "--loss must be in [0, 1)."
        : o.ChurnPerHour is < 0 or >= 1 ? "--churn-per-hour must be in [0, 1)."
        : o.Hours is < 0 or > 24 * 365 ? "--hours must be 0..8760."
        : o.MinLatencyMs < 0 || o.MaxLatencyMs < o.MinLatencyMs || o.MaxLatencyMs > 10_000 ? "--min-latency-ms must be 0 or more and at most --max-latency-ms (at most 10000)."
        : null;

    private static string ToText(SimulationReport r)
    {
        var text = new StringBuilder();
        CultureInfo c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"nodes {r.Options.Nodes:N0} (joined {r.Joined:N0}, mean contacts {r.MeanContacts:F1}), dead {r.Options.DeadFraction:P0}, k {r.Options.K}, alpha {r.Options.Alpha}, paths {r.Options.Paths}, seed {r.Options.Seed}");
        text.AppendLine(c, $"FindValue success {r.FindValueSuccessRate:P2} ({r.FindValueFound:N0}/{r.FindValueLookups:N0})   FindNode success {r.FindNodeSuccessRate:P2} ({r.FindNodeFound:N0}/{r.FindNodeLookups:N0})");
        text.AppendLine(c, $"rounds   median {Percentiles.Of(r.Rounds, 50)}  p99 {Percentiles.Of(r.Rounds, 99)}  max {(r.Rounds.Count == 0 ? 0 : r.Rounds.Max())}");
        text.AppendLine(c, $"messages median {Percentiles.Of(r.Messages, 50)}  p99 {Percentiles.Of(r.Messages, 99)}");
        text.AppendLine(c, $"latency  median {Percentiles.Of(r.LatencyMs, 50)} ms  p99 {Percentiles.Of(r.LatencyMs, 99)} ms (virtual; FindValue {Percentiles.Of(r.FindValueLatencyMs, 50)} / {Percentiles.Of(r.FindValueLatencyMs, 99)} ms, FindNode {Percentiles.Of(r.FindNodeLatencyMs, 50)} / {Percentiles.Of(r.FindNodeLatencyMs, 99)} ms)");
        if (r.Churn is { } churn)
        {
            int h = r.Options.Hours;
            text.AppendLine(c, $"churn    {r.Options.ChurnPerHour:P0}/h for {h} h ({churn.Replaced:N0} replaced): {churn.RecordsFound:N0}/{churn.Records:N0} records found at the end ({churn.SuccessRate:P2})");
            text.AppendLine(c, $"messages per live node per hour: refresh {churn.PerNodeHour(churn.RefreshMessages, h):F1}, re-replication {churn.PerNodeHour(churn.ReplicationMessages, h):F1}, republish {churn.PerNodeHour(churn.RepublishMessages, h):F1}, joins {churn.PerNodeHour(churn.JoinMessages, h):F1}, liveness pings {churn.PerNodeHour(churn.LivenessMessages, h):F1}");
        }

        text.Append(c, $"wall time {r.Elapsed.TotalSeconds:F1} s");
        return text.ToString();
    }

    private static string ToJson(SimulationReport r) => Json(writer =>
    {
        writer.WriteNumber("nodes", r.Options.Nodes);
        writer.WriteNumber("lookups", r.FindValueLookups + r.FindNodeLookups);
        writer.WriteNumber("dead_fraction", r.Options.DeadFraction);
        writer.WriteNumber("success_rate", r.FindValueSuccessRate);
        writer.WriteNumber("findnode_success_rate", r.FindNodeSuccessRate);
        writer.WriteNumber("median_rounds", Percentiles.Of(r.Rounds, 50));
        writer.WriteNumber("p99_rounds", Percentiles.Of(r.Rounds, 99));
        writer.WriteNumber("median_messages", Percentiles.Of(r.Messages, 50));
        writer.WriteNumber("p99_messages", Percentiles.Of(r.Messages, 99));
        writer.WriteNumber("median_latency_ms", Percentiles.Of(r.LatencyMs, 50));
        writer.WriteNumber("p99_latency_ms", Percentiles.Of(r.LatencyMs, 99));
        writer.WriteNumber("findvalue_median_latency_ms", Percentiles.Of(r.FindValueLatencyMs, 50));
        writer.WriteNumber("findvalue_p99_latency_ms", Percentiles.Of(r.FindValueLatencyMs, 99));
        writer.WriteNumber("findnode_median_latency_ms", Percentiles.Of(r.FindNodeLatencyMs, 50));
        writer.WriteNumber("findnode_p99_latency_ms", Percentiles.Of(r.FindNodeLatencyMs, 99));
        writer.WriteNumber("records", r.Options.Records);
        writer.WriteNumber("joined", r.Joined);
        writer.WriteNumber("mean_contacts", Math.Round(r.MeanContacts, 1));
        writer.WriteNumber("join_messages", r.JoinMessages);
        writer.WriteNumber("k", r.Options.K);
        writer.WriteNumber("alpha", r.Options.Alpha);
        writer.WriteNumber("paths", r.Options.Paths);
        writer.WriteNumber("seed", r.Options.Seed);
        writer.WriteNumber("elapsed_seconds", Math.Round(r.Elapsed.TotalSeconds, 2));
        if (r.Churn is { } c)
        {
            int h = r.Options.Hours;
            writer.WriteStartObject("churn");
            writer.WriteNumber("per_hour", r.Options.ChurnPerHour);
            writer.WriteNumber("hours", h);
            writer.WriteNumber("replaced", c.Replaced);
            writer.WriteNumber("records", c.Records);
            writer.WriteNumber("records_found_at_end", c.RecordsFound);
            writer.WriteNumber("records_success_rate", c.SuccessRate);
            writer.WriteNumber("refresh_messages_per_node_hour", Math.Round(c.PerNodeHour(c.RefreshMessages, h), 2));
            writer.WriteNumber("replication_messages_per_node_hour", Math.Round(c.PerNodeHour(c.ReplicationMessages, h), 2));
            writer.WriteNumber("republish_messages_per_node_hour", Math.Round(c.PerNodeHour(c.RepublishMessages, h), 2));
            writer.WriteNumber("join_messages_per_node_hour", Math.Round(c.PerNodeHour(c.JoinMessages, h), 2));
            writer.WriteNumber("liveness_messages_per_node_hour", Math.Round(c.PerNodeHour(c.LivenessMessages, h), 2));
            writer.WriteEndObject();
        }
    });

    /// <summary>One JSON object written by <paramref name="write"/>, as a string.</summary>
    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
