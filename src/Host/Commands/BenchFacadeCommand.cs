using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Zhtp.Storage.Content;
using Zhtp.Storage.Host.Bench;
using Zhtp.Storage.Types;
using Zhtp.Storage.Unified;
using Zhtp.Storage.Unified.Runtime;

namespace Zhtp.Storage.Host.Commands;

/// <summary>
/// <c>zhtp bench facade</c>: what going through <see cref="IUnifiedStorageSystem"/> costs over the raw
/// <see cref="IContentManager"/> it wraps, on one cluster of storage systems (<see cref="UnifiedContentBenchCluster"/>).
/// Each round uploads through the writer's facade and through its stack's content manager, in alternating order,
/// and downloads both through the reader's facade and raw manager the same way; the medians of the rounds are
/// compared, so the cluster, the data and the machine's load are the same for both paths.
/// </summary>
internal sealed class BenchFacadeCommand : IBenchCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var size = new Option<string>("--size") { Description = "Content size per transfer: bytes, or with K, M or G (binary).", DefaultValueFactory = _ => "32M" };
        var rounds = new Option<int>("--rounds") { Description = "Rounds (each: one upload and one download through each path, alternating which goes first).", DefaultValueFactory = _ => 6 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the figures as the last line." };
        var command = new Command("facade", "Measures IUnifiedStorageSystem's overhead over the raw IContentManager on the same cluster (upload and download MB/s, medians over alternating rounds).");
        command.Options.Add(size);
        command.Options.Add(rounds);
        command.Options.Add(json);
        command.SetAction((ParseResult result, CancellationToken cancellationToken) =>
            RunAsync(result.GetValue(size)!, result.GetValue(rounds), result.GetValue(json), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string sizeText, int rounds, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!BenchContentCommand.TryParseSize(sizeText, out long size) || size < 1 || rounds is < 1 or > 100)
        {
            await error.WriteLineAsync("zhtp bench facade: --size must be a positive size (e.g. 32M) and --rounds 1..100.").ConfigureAwait(false);
            return 2;
        }

        CultureInfo c = CultureInfo.InvariantCulture;
        const int SegmentSize = 1 << 20;
        string directory = BenchDirectory.Create("facade");
        await using UnifiedContentBenchCluster cluster = await UnifiedContentBenchCluster.StartAsync(8, SegmentSize, directory, cancellationToken).ConfigureAwait(false);
        IUnifiedStorageSystem writer = cluster.Nodes[0];
        IUnifiedStorageSystem reader = cluster.Nodes[^1];
        IContentManager rawWriter = ((UnifiedStorageSystem)writer).Stack.Content;
        IContentManager rawReader = ((UnifiedStorageSystem)reader).Stack.Content;
        var options = new ContentUploadOptions { Encryption = EncryptionLevel.Standard };
        await output.WriteLineAsync(string.Create(c, $"cluster: {cluster.Description}; {rounds} rounds of {size:N0} bytes of compressible data, level Standard, RS 4+2")).ConfigureAwait(false);

        // Warm-up: JIT and connections, both paths.
        ContentReceipt warm = await writer.UploadContentAsync(new GeneratedContentStream(3 * SegmentSize, false, 99), options, cancellationToken).ConfigureAwait(false);
        await rawReader.DownloadAsync(warm.Id, new CountingSink(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await reader.DownloadContentAsync(warm.Id, new CountingSink(), cancellationToken: cancellationToken).ConfigureAwait(false);

        var up = (Facade: new List<double>(), Raw: new List<double>());
        var down = (Facade: new List<double>(), Raw: new List<double>());
        for (int round = 0; round < rounds; round++)
        {
            bool facadeFirst = round % 2 == 0;
            foreach (bool facade in facadeFirst ? new[] { true, false } : [false, true])
            {
                ulong seed = (ulong)(round * 2) + (facade ? 1UL : 2UL);
                long started = Stopwatch.GetTimestamp();
                ContentReceipt receipt = facade
                    ? await writer.UploadContentAsync(new GeneratedContentStream(size, false, seed), options, cancellationToken).ConfigureAwait(false)
                    : await rawWriter.UploadAsync(new GeneratedContentStream(size, false, seed), options, cancellationToken).ConfigureAwait(false);
                (facade ? up.Facade : up.Raw).Add(size / Stopwatch.GetElapsedTime(started).TotalSeconds / 1e6);

                started = Stopwatch.GetTimestamp();
                _ = facade
                    ? await reader.DownloadContentAsync(receipt.Id, new CountingSink(), cancellationToken: cancellationToken).ConfigureAwait(false)
                    : await rawReader.DownloadAsync(receipt.Id, new CountingSink(), cancellationToken: cancellationToken).ConfigureAwait(false);
                (facade ? down.Facade : down.Raw).Add(size / Stopwatch.GetElapsedTime(started).TotalSeconds / 1e6);
            }

            await output.WriteLineAsync(string.Create(c,
                $"round {round + 1,2}: upload facade {up.Facade[^1],7:F1} raw {up.Raw[^1],7:F1} MB/s; download facade {down.Facade[^1],7:F1} raw {down.Raw[^1],7:F1} MB/s")).ConfigureAwait(false);
        }

        (double upFacade, double upRaw, double downFacade, double downRaw) = (Median(up.Facade), Median(up.Raw), Median(down.Facade), Median(down.Raw));
        double upRatio = upFacade / upRaw;
        double downRatio = downFacade / downRaw;
        await output.WriteLineAsync(string.Create(c,
            $"medians: upload facade {upFacade:F1} raw {upRaw:F1} MB/s ({upRatio:F3}x); download facade {downFacade:F1} raw {downRaw:F1} MB/s ({downRatio:F3}x); goal: facade at least 0.95x raw")).ConfigureAwait(false);
        if (json)
        {
            await output.WriteLineAsync(string.Create(c,
                $"{{\"size_bytes\": {size}, \"rounds\": {rounds}, \"upload_facade_mbps\": {upFacade:F1}, \"upload_raw_mbps\": {upRaw:F1}, \"upload_ratio\": {upRatio:F3}, \"download_facade_mbps\": {downFacade:F1}, \"download_raw_mbps\": {downRaw:F1}, \"download_ratio\": {downRatio:F3}}}")).ConfigureAwait(false);
        }

        return 0;
    }

    private static double Median(List<double> values)
    {
        List<double> sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
