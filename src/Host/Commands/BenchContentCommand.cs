using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime;
using System.Security.Cryptography;
using Zhtp.Storage.Content;
using Zhtp.Storage.Content.Compression;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Erasure;
using Zhtp.Storage.Host.Bench;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Host.Commands;

/// <summary>
/// <c>zhtp bench content</c>: an in-process cluster of real UDP/TCP nodes on 127.0.0.1 with SQLite
/// record stores; uploads generated content through <see cref="IContentManager"/> (<c>--via content</c>) or
/// through <c>IUnifiedStorageSystem</c> (<c>--via unified</c>; <see cref="IContentBenchCluster"/>), downloads it from
/// another node, times 64 KiB range reads, and measures each pipeline stage alone (LZ4, AES-GCM,
/// Reed-Solomon, BLAKE3) on the same data in the same run, with peak managed memory and RSS.
/// </summary>
internal sealed class BenchContentCommand : IBenchCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var size = new Option<string>("--size") { Description = "Content size: bytes, or with K, M or G (binary).", DefaultValueFactory = _ => "64M" };
        var random = new Option<bool>("--random") { Description = "Random (incompressible) bytes instead of compressible text." };
        var nodes = new Option<int>("--nodes") { Description = "Nodes in the cluster (at least 8).", DefaultValueFactory = _ => 8 };
        var segment = new Option<string>("--segment-size") { Description = "Plaintext bytes per segment.", DefaultValueFactory = _ => "1M" };
        var plain = new Option<bool>("--no-encryption") { Description = "Store without AES-256-GCM (same as --level none)." };
        var level = new Option<string>("--level") { Description = "Encryption level: none, standard, high (HighSecurity) or quantum (QuantumResistant). The writer and reader act as one Hybrid user identity.", DefaultValueFactory = _ => "standard" };
        var ranges = new Option<int>("--ranges") { Description = "64 KiB range reads to time.", DefaultValueFactory = _ => 40 };
        var memoryStores = new Option<bool>("--memory-stores") { Description = "Hold records in memory instead of SQLite (separates the store's cost from the pipeline's)." };
        var via = new Option<string>("--via") { Description = "What the upload and download go through: content (raw IContentManager over DHT nodes) or unified (IUnifiedStorageSystem, the stack zhtp node runs; SQLite stores only). Same cluster size and settings.", DefaultValueFactory = _ => "content" };
        via.AcceptOnlyFromAmong("content", "unified");
        var json = new Option<bool>("--json") { Description = "End with one JSON line {\"size_bytes\", \"upload_mbps\", \"download_mbps\", \"slowest_stage\", \"slowest_stage_mbps\", \"ttfb_ms_p50\", \"peak_rss_mb\", ...}." };
        var command = new Command("content", "Upload and download through the content manager on a loopback cluster, against each stage alone.");
        foreach (Option option in new Option[] { size, random, nodes, segment, plain, level, ranges, memoryStores, via, json })
        {
            command.Options.Add(option);
        }

        command.SetAction((ParseResult result, CancellationToken cancellationToken) => RunAsync(
            new Settings(result.GetValue(size)!, result.GetValue(random), result.GetValue(nodes), result.GetValue(segment)!, result.GetValue(plain) ? "none" : result.GetValue(level)!, result.GetValue(ranges), result.GetValue(memoryStores), result.GetValue(via) == "unified", result.GetValue(json)),
            result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(Settings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!TryParseSize(settings.Size, out long size) || size < 1 || !TryParseSize(settings.SegmentSize, out long segmentSize) || segmentSize is < 1024 or > 64 << 20
            || settings.Nodes is < 8 or > 64 || settings.Ranges is < 1 or > 10_000 || ParseLevel(settings.Level) is not { } encryption || (settings.Unified && settings.MemoryStores))
        {
            await error.WriteLineAsync("zhtp bench content: --size must be a positive size (e.g. 64M, 1G), --segment-size 1K..64M, --nodes 8..64, --ranges 1..10000, --level none, standard, high or quantum, and --memory-stores goes with --via content only.").ConfigureAwait(false);
            return 2;
        }

        CultureInfo c = CultureInfo.InvariantCulture;
        string directory = BenchDirectory.Create("content");
        await using var memory = new MemorySampler();
        await using IContentBenchCluster cluster = settings.Unified
            ? await UnifiedContentBenchCluster.StartAsync(settings.Nodes, (int)segmentSize, directory, cancellationToken).ConfigureAwait(false)
            : await RawContentBenchCluster.StartAsync(settings.Nodes, settings.MemoryStores, (int)segmentSize, directory, cancellationToken).ConfigureAwait(false);
        {
            await output.WriteLineAsync(string.Create(c, $"cluster: {cluster.Description}; content {size:N0} bytes of {(settings.Random ? "random" : "compressible")} data, segments of {segmentSize:N0}, level {encryption} ({(encryption == EncryptionLevel.None ? "no encryption" : "AES-256-GCM")}), RS 4+2")).ConfigureAwait(false);

            // Warm-up: connections, and rounds until tiered compilation has settled (a method is re-jitted optimized only
            // after 30 calls and a 100 ms quiet period, so 3 segments left seconds of JIT inside each timed phase). Each
            // round ends by waiting for the JIT to go quiet, so promotions it queued are counted in that round.
            long warmBytes = Math.Min(size, WarmUpSegments * segmentSize);
            var warmClock = Stopwatch.StartNew();
            TimeSpan warmCpu = ProcessCpu();
            int rounds = 0;
            long jitted;
            do
            {
                long before = JitInfo.GetCompiledMethodCount();
                ContentReceipt warm = await cluster.UploadAsync(new GeneratedContentStream(warmBytes, settings.Random, (ulong)(99 + rounds)), new ContentUploadOptions { Encryption = encryption }, cancellationToken).ConfigureAwait(false);
                await cluster.DownloadAsync(warm.Id, new CountingSink(), cancellationToken).ConfigureAwait(false);
                await JitQuietAsync(cancellationToken).ConfigureAwait(false);
                jitted = JitInfo.GetCompiledMethodCount() - before;
                rounds++;
            }
            while (jitted > WarmUpSettledMethods && rounds < (size >= LongRunRounds * warmBytes ? WarmUpMaxRounds : ShortRunWarmUpMaxRounds));

            await output.WriteLineAsync(string.Create(c, $"warm-up:  {rounds} x {warmBytes:N0} bytes up and down in {warmClock.Elapsed.TotalSeconds:F2} s ({(ProcessCpu() - warmCpu).TotalSeconds:F2} CPU-s; {jitted} methods jitted in the last round), not timed")).ConfigureAwait(false);

            GC.Collect();
            long baselineManaged = GC.GetTotalMemory(true);
            long baselineRss = Process.GetCurrentProcess().WorkingSet64;
            memory.Reset();
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
            int collectionsBefore = GC.CollectionCount(0);
            TimeSpan cpuBefore = ProcessCpu();
            TimeSpan jitBefore = JitInfo.GetCompilationTime();
            var clock = Stopwatch.StartNew();
            ContentReceipt receipt = await cluster.UploadAsync(new GeneratedContentStream(size, settings.Random, 1), new ContentUploadOptions { Encryption = encryption }, cancellationToken).ConfigureAwait(false);
            double uploadSeconds = clock.Elapsed.TotalSeconds;
            double uploadCpu = (ProcessCpu() - cpuBefore).TotalSeconds;
            double uploadJit = (JitInfo.GetCompilationTime() - jitBefore).TotalSeconds;
            (long uploadManaged, long uploadRss) = (memory.PeakManagedBytes, memory.PeakRssBytes);
            int uploadCollections = GC.CollectionCount(0) - collectionsBefore;
            long uploadAllocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
            await output.WriteLineAsync(string.Create(c, $"upload:   {Mbps(size, uploadSeconds),8:F1} MB/s  ({uploadSeconds:F2} s; {receipt.Segments} segments, {receipt.Shards} shards, {receipt.StoredBytes:N0} bytes stored on {receipt.Holders} nodes)")).ConfigureAwait(false);

            memory.Reset();
            var sink = new CountingSink();
            allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
            collectionsBefore = GC.CollectionCount(0);
            cpuBefore = ProcessCpu();
            jitBefore = JitInfo.GetCompilationTime();
            clock.Restart();
            DownloadResult download = await cluster.DownloadAsync(receipt.Id, sink, cancellationToken).ConfigureAwait(false);
            double downloadSeconds = clock.Elapsed.TotalSeconds;
            double downloadCpu = (ProcessCpu() - cpuBefore).TotalSeconds;
            double downloadJit = (JitInfo.GetCompilationTime() - jitBefore).TotalSeconds;
            (long downloadManaged, long downloadRss) = (memory.PeakManagedBytes, memory.PeakRssBytes);
            int downloadCollections = GC.CollectionCount(0) - collectionsBefore;
            long downloadAllocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
            // What stays reachable once both transfers are over: growth here (not in the peaks, which the GC's
            // generation-0 budget dominates) would mean the pipeline keeps something per byte of content.
            long retainedManaged = GC.GetTotalMemory(true);
            await output.WriteLineAsync(string.Create(c, $"download: {Mbps(size, downloadSeconds),8:F1} MB/s  ({downloadSeconds:F2} s from another node; BLAKE3 verified; {download.Faults.Count} shard faults{(download.Faults.Count == 0 ? "" : ": " + string.Join(", ", download.Faults.GroupBy(f => f.Error).Select(g => $"{g.Count()} {g.Key}")))})")).ConfigureAwait(false);

            IReadOnlyList<DhtStats> dht = await cluster.GetDhtStatsAsync(cancellationToken).ConfigureAwait(false);
            var drops = dht.SelectMany(n => n.DropsByReason).Where(d => d.Value > 0).GroupBy(d => d.Key).Select(g => $"{g.Key} {g.Sum(d => d.Value)}").ToList();
            await output.WriteLineAsync(string.Create(c, $"dht:      request timeouts {dht.Sum(n => n.RequestTimeouts)}, drops {(drops.Count == 0 ? "none" : string.Join(", ", drops))}")).ConfigureAwait(false);
            (double ttfbP50, double ttfbP99, double openMs) = await RangeReadsAsync(cluster, receipt, size, settings.Ranges, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(c, $"range:    64 KiB reads at {settings.Ranges} random offsets: time to first byte p50 {ttfbP50:F2} ms, p99 {ttfbP99:F2} ms (stream opened in {openMs:F1} ms)")).ConfigureAwait(false);

            // Not a CPU stage and not part of "slowest stage": the upload's shards (count and bytes) stored again on the
            // same holders with nothing else done to them, to show how far upload is from the network and stores alone.
            TimeSpan? transfer = await cluster.MeasureShardTransferAsync(checked((int)receipt.Shards), receipt.StoredBytes, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<(string Name, double Mbps)> stages = MeasureStages(settings, (int)segmentSize, cancellationToken);
            foreach ((string name, double mbps) in stages)
            {
                await output.WriteLineAsync(string.Create(c, $"stage:    {name,-16} {mbps,8:F1} MB/s alone (one core, same data)")).ConfigureAwait(false);
            }

            if (transfer is TimeSpan t)
            {
                await output.WriteLineAsync(string.Create(c,
                    $"stage:    shard-transfer   {Mbps(receipt.StoredBytes, t.TotalSeconds),8:F1} MB/s of shard bytes alone ({receipt.Shards} shards, {receipt.StoredBytes:N0} bytes in {t.TotalSeconds:F2} s from the writer to the same holders over the bulk channel into their stores; no compression, encryption or erasure coding; = {Mbps(size, t.TotalSeconds):F1} MB/s of content)")).ConfigureAwait(false);
            }

            (string slowestName, double slowest) = stages.Where(s => !s.Name.EndsWith("-decode", StringComparison.Ordinal) && !s.Name.EndsWith("-open", StringComparison.Ordinal)).MinBy(s => s.Mbps);
            if (transfer is TimeSpan spent)
            {
                await output.WriteLineAsync(string.Create(c,
                    $"ratios:   upload {spent.TotalSeconds / uploadSeconds:F2}x the shard transfer stage (its time over the upload's: {spent.TotalSeconds:F2} s / {uploadSeconds:F2} s)")).ConfigureAwait(false);
            }

            double mb = 1024.0 * 1024;
            await output.WriteLineAsync(string.Create(c,
                $"ratios:   upload {Mbps(size, uploadSeconds) / slowest:F2}x and download {Mbps(size, downloadSeconds) / slowest:F2}x the slowest stage ({slowestName}, {slowest:F1} MB/s); goals 0.5x and 0.8x")).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(c,
                $"memory:   baseline managed {baselineManaged / mb:F0} MiB, RSS {baselineRss / mb:F0} MiB; peak during upload managed {uploadManaged / mb:F0} MiB, RSS {uploadRss / mb:F0} MiB; during download managed {downloadManaged / mb:F0} MiB, RSS {downloadRss / mb:F0} MiB; live after both {retainedManaged / mb:F0} MiB; {GcMode()} GC")).ConfigureAwait(false);
            double gib = size / (1024.0 * mb);
            await output.WriteLineAsync(string.Create(c,
                $"cpu:      process CPU (client and all holders) per GiB of content: upload {uploadCpu / gib:F2} s ({uploadCpu / uploadSeconds:F2} of {Environment.ProcessorCount} cores busy), download {downloadCpu / gib:F2} s ({downloadCpu / downloadSeconds:F2} of {Environment.ProcessorCount} cores busy); JIT inside the timed phases {uploadJit:F2} s and {downloadJit:F2} s")).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(c,
                $"garbage:  allocated by the whole process (client and all holders) per MiB of content: upload {uploadAllocated / (double)size:F2} MiB, download {downloadAllocated / (double)size:F2} MiB; garbage collections: {uploadCollections} and {downloadCollections}")).ConfigureAwait(false);
            if (settings.Json)
            {
                string transferJson = transfer is TimeSpan x
                    ? string.Create(c, $"\"shard_transfer_s\": {x.TotalSeconds:F3}, \"upload_to_shard_transfer\": {x.TotalSeconds / uploadSeconds:F3}, ")
                    : "";
                await output.WriteLineAsync(string.Create(c,
                    $"{{\"size_bytes\": {size}, \"via\": \"{(settings.Unified ? "unified" : "content")}\", \"stores\": \"{(settings.MemoryStores ? "memory" : "sqlite")}\", \"random\": {(settings.Random ? "true" : "false")}, \"level\": \"{settings.Level}\", \"encrypted\": {(encryption != EncryptionLevel.None ? "true" : "false")}, \"segment_size\": {segmentSize}, \"nodes\": {settings.Nodes}, " +
                    $"\"upload_mbps\": {Mbps(size, uploadSeconds):F1}, \"download_mbps\": {Mbps(size, downloadSeconds):F1}, \"upload_cpu_s_per_gib\": {uploadCpu / gib:F2}, \"download_cpu_s_per_gib\": {downloadCpu / gib:F2}, \"slowest_stage\": \"{slowestName}\", \"slowest_stage_mbps\": {slowest:F1}, " +
                    $"{transferJson}" +
                    $"\"stages_mbps\": {{{string.Join(", ", stages.Select(s => $"\"{s.Name}\": {s.Mbps:F1}"))}}}, " +
                    $"\"ttfb_ms_p50\": {ttfbP50:F2}, \"ttfb_ms_p99\": {ttfbP99:F2}, \"open_ms\": {openMs:F1}, " +
                    $"\"baseline_managed_mb\": {baselineManaged / mb:F1}, \"baseline_rss_mb\": {baselineRss / mb:F1}, \"peak_managed_mb\": {Math.Max(uploadManaged, downloadManaged) / mb:F1}, \"retained_managed_mb\": {retainedManaged / mb:F1}, \"gc\": \"{GcMode()}\", " +
                    $"\"peak_rss_mb\": {Math.Max(uploadRss, downloadRss) / mb:F1}, \"upload_peak_rss_mb\": {uploadRss / mb:F1}, \"download_peak_rss_mb\": {downloadRss / mb:F1}, \"upload_gc_count\": {uploadCollections}, \"download_gc_count\": {downloadCollections}, \"upload_allocated_per_byte\": {uploadAllocated / (double)size:F3}, \"download_allocated_per_byte\": {downloadAllocated / (double)size:F3}}}")).ConfigureAwait(false);
            }

            return 0;
        }
    }

    private const long WarmUpSegments = 16;

    /// <summary>The collector this process runs with (docs/operations.md "Memory"): server with dynamic adaptation
    /// (DATAS, the default for server GC since .NET 9, and zhtp's setting), server without it, or workstation.</summary>
    private static string GcMode() =>
        !GCSettings.IsServerGC ? "workstation"
        : Convert.ToString(AppContext.GetData("System.GC.DynamicAdaptationMode"), CultureInfo.InvariantCulture) == "0"
          || Environment.GetEnvironmentVariable("DOTNET_GCDynamicAdaptationMode") == "0" ? "server"
        : "server (DATAS)";

    private const int WarmUpMaxRounds = 12;

    /// <summary>A run shorter than this many warm-up rounds (a quick check, e.g. the tests' 4 MiB) warms up for at most <see cref="ShortRunWarmUpMaxRounds"/>.</summary>
    private const long LongRunRounds = 16;

    private const int ShortRunWarmUpMaxRounds = 3;

    /// <summary>A warm-up round that jits no more methods than this ends the warm-up.</summary>
    private const long WarmUpSettledMethods = 50;

    /// <summary>
    /// Waits until the JIT has compiled nothing for <see cref="JitQuietPeriod"/> (at most <see cref="JitQuietLimit"/>).
    /// Tiered compilation counts calls only after 100 ms without new tier-0 code, then recompiles hot methods on a
    /// background thread (tier 0, instrumented tier 0, tier 1); a round that ends while that queue is pending, or before
    /// counting began, looks settled and the timed run pays for it (about 3,600 compilations, 2–3 s of JIT, inside a
    /// 512 MiB upload when the rounds were not followed by this wait).
    /// </summary>
    private static async Task JitQuietAsync(CancellationToken cancellationToken)
    {
        long waited = Stopwatch.GetTimestamp();
        long seen = JitInfo.GetCompiledMethodCount();
        while (Stopwatch.GetElapsedTime(waited) < JitQuietLimit)
        {
            await Task.Delay(JitQuietPeriod, cancellationToken).ConfigureAwait(false);
            long now = JitInfo.GetCompiledMethodCount();
            if (now == seen)
            {
                return;
            }

            seen = now;
        }
    }

    private static readonly TimeSpan JitQuietPeriod = TimeSpan.FromMilliseconds(300);

    private static readonly TimeSpan JitQuietLimit = TimeSpan.FromSeconds(3);

    /// <summary>CPU time of the whole process so far (user and kernel, every thread).</summary>
    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static async Task<(double P50, double P99, double OpenMs)> RangeReadsAsync(IContentBenchCluster cluster, ContentReceipt receipt, long size, int count, CancellationToken cancellationToken)
    {
        long opened = Stopwatch.GetTimestamp();
        await using Stream stream = await cluster.OpenReadAsync(receipt.Id, cancellationToken).ConfigureAwait(false);
        double openMs = Stopwatch.GetElapsedTime(opened).TotalMilliseconds;
        var random = new Random(5);
        byte[] buffer = new byte[64 * 1024];
        var times = new List<double>();
        for (int i = 0; i < count; i++)
        {
            stream.Position = size <= buffer.Length ? 0 : random.NextInt64(size - buffer.Length);
            long started = Stopwatch.GetTimestamp();
            int first = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (first < buffer.Length)
            {
                await stream.ReadAtLeastAsync(buffer.AsMemory(first), buffer.Length - first, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            }
        }

        times.Sort();
        return (times[times.Count / 2], times[Math.Min(times.Count - 1, (int)(times.Count * 0.99))], openMs);
    }

    /// <summary>Each stage alone on one core over the same kind of data, a segment at a time.</summary>
    private static List<(string Name, double Mbps)> MeasureStages(Settings settings, int segmentSize, CancellationToken cancellationToken)
    {
        const double Seconds = 0.6;
        int count = (int)Math.Max(1, Math.Min(16, (32L << 20) / segmentSize));
        byte[][] segments = Enumerable.Range(0, count).Select(i =>
        {
            byte[] bytes = new byte[segmentSize];
            GeneratedContentStream.Fill(bytes, settings.Random, (ulong)i + 1);
            return bytes;
        }).ToArray();
        byte[] target = new byte[LZ4Codec.MaximumOutputSize(segmentSize) + 16];
        byte[][] compressed = segments.Select(s => LZ4Codec.Encode(s, target) is int n and > 0 ? target.AsSpan(0, n).ToArray() : s).ToArray();
        byte[] key = RandomNumberGenerator.GetBytes(32);
        byte[] nonce = new byte[12];
        byte[] tag = new byte[16];
        using var aes = new AesGcm(key, 16);
        ReedSolomonCodec codec = ReedSolomon.Create(4, 2);
        int shardLength = (segmentSize + 3) / 4;
        byte[][] shards = Enumerable.Range(0, 6).Select(_ => new byte[shardLength]).ToArray();
        byte[] digest = new byte[32];
        int next = 0;
        byte[] Next() => segments[next++ % count];
        double Rate(Action step) => SlicedTimer.Run(step, Seconds, cancellationToken).MeanPerSecond * segmentSize / 1e6;
        byte[] sealedBuffer = new byte[segmentSize];
        return
        [
            ("lz4-compress", Rate(() => LZ4Codec.Encode(Next(), target))),
            ("lz4-decode", Rate(() => { byte[] source = compressed[next++ % count]; LZ4Codec.Decode(source, target); })),
            ("aes-gcm-seal", Rate(() => aes.Encrypt(nonce, Next(), sealedBuffer, tag))),
            ("rs-4+2-encode", Rate(() => { ShardSplitter.Split(Next(), shards.AsSpan(0, 4)); codec.Encode(shards); })),
            ("blake3", Rate(() => Blake3.Hasher.Hash(Next(), digest))),
        ];
    }

    private static double Mbps(long bytes, double seconds) => bytes / seconds / 1e6;

    internal static bool TryParseSize(string text, out long bytes)
    {
        bytes = 0;
        text = text.Trim();
        if (text.Length == 0)
        {
            return false;
        }

        long unit = char.ToUpperInvariant(text[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, _ => 1 };
        string number = unit == 1 ? text : text[..^1];
        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value > long.MaxValue / unit)
        {
            return false;
        }

        bytes = value * unit;
        return true;
    }

    private static EncryptionLevel? ParseLevel(string level) => level.ToLowerInvariant() switch
    {
        "none" => EncryptionLevel.None,
        "standard" => EncryptionLevel.Standard,
        "high" or "highsecurity" => EncryptionLevel.HighSecurity,
        "quantum" or "quantumresistant" => EncryptionLevel.QuantumResistant,
        _ => null,
    };

    private sealed record Settings(string Size, bool Random, int Nodes, string SegmentSize, string Level, int Ranges, bool MemoryStores, bool Unified, bool Json);
}
