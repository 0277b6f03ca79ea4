using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Zhtp.Storage.Content.Compression;

namespace Zhtp.Storage.Host.Commands;

/// <summary>
/// <c>zhtp bench lz4 FILE</c>: one-thread LZ4 block throughput measured like the anchors'
/// <c>lz4_bench</c>: the file loaded in memory and cut into independent blocks (65536, 1048576
/// and 0 = the whole file as one block by default), one warm-up pass, then passes for about one
/// second per direction; MB/s of uncompressed bytes (MB = 1e6) as the mean over the loop and as
/// the fastest 0.1 s slice (<c>best_*</c>); round trip verified.
/// </summary>
internal sealed class BenchLz4Command : IBenchCommand
{
    private const double SliceSeconds = 0.1;

    /// <inheritdoc />
    public Command Build()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The file to compress (e.g. the anchors' corpus.bin)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object {\"compress_mbps\", \"decompress_mbps\", \"ratio\", \"blocks\": [...]} (top-level figures: the largest block size measured)." };
        var seconds = new Option<double>("--seconds")
        {
            Description = "Seconds per direction and block size (default 1, like lz4_bench).",
            DefaultValueFactory = _ => 1.0,
        };
        var blocks = new Option<int[]>("--block")
        {
            Description = "Block sizes in bytes, 0 = whole file (default 65536 1048576 0, like lz4_bench).",
            AllowMultipleArgumentsPerToken = true,
        };
        var level = new Option<int>("--level")
        {
            Description = "Compression level: 0 = fast (default, like lz4_bench), 3..12 = hash-chain levels.",
            DefaultValueFactory = _ => 0,
        };
        var command = new Command("lz4", "LZ4 block compress/decompress MB/s and ratio on a file (one thread), in the anchors' line format.");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.Options.Add(seconds);
        command.Options.Add(blocks);
        command.Options.Add(level);
        command.SetAction((ParseResult result, CancellationToken cancellationToken) =>
        {
            TextWriter error = result.InvocationConfiguration.Error;
            FileInfo input = result.GetValue(file)!;
            double perFigure = result.GetValue(seconds);
            int[] sizes = result.GetValue(blocks) is { Length: > 0 } chosen ? chosen : [65536, 1048576, 0];
            var lz4Level = (LZ4Level)result.GetValue(level);
            if (!input.Exists)
            {
                error.WriteLine($"zhtp bench lz4: {input.FullName} does not exist; pass a file (the anchors' corpus is /tmp/anchors/corpus.bin).");
                return Task.FromResult(2);
            }

            if (!(perFigure > 0) || perFigure > 600 || sizes.Any(s => s < 0) || !Enum.IsDefined(lz4Level))
            {
                error.WriteLine("zhtp bench lz4: --seconds must be in (0, 600], --block sizes >= 0 and --level one of 0, 3..12.");
                return Task.FromResult(2);
            }

            byte[] data = File.ReadAllBytes(input.FullName);
            if (data.Length == 0 || data.Length > 0x7E000000)
            {
                error.WriteLine($"zhtp bench lz4: the file has {data.Length} bytes; it must hold 1..0x7E000000 bytes.");
                return Task.FromResult(2);
            }

            return Task.FromResult(Run(result.InvocationConfiguration.Output, error, data, sizes, lz4Level, perFigure, result.GetValue(json), cancellationToken));
        });
        return command;
    }

    private static int Run(TextWriter output, TextWriter error, byte[] data, int[] sizes, LZ4Level level, double seconds, bool json, CancellationToken cancellationToken)
    {
        var figures = new List<Figures>();
        foreach (int size in sizes)
        {
            Figures? figure = Measure(data, size, level, seconds, cancellationToken);
            if (figure is null)
            {
                error.WriteLine(Invariant($"zhtp bench lz4: round-trip verification FAILED at block={size}"));
                return 1;
            }

            figures.Add(figure.Value);
            if (!json)
            {
                Figures f = figure.Value;
                output.WriteLine(Invariant(
                    $"zhtp lz4 block={f.Block} in={data.Length} out={f.Compressed} ratio={f.Ratio:F4} compress_MBps={f.CompressMBps:F1} decompress_MBps={f.DecompressMBps:F1} best_compress_MBps={f.BestCompressMBps:F1} best_decompress_MBps={f.BestDecompressMBps:F1} cpasses={f.CompressPasses} dpasses={f.DecompressPasses}"));
            }
        }

        if (json)
        {
            Figures top = figures.MaxBy(f => f.Block)!;
            string detail = string.Join(", ", figures.Select(f => Invariant(
                $"{{\"block\": {f.Block}, \"out\": {f.Compressed}, \"ratio\": {f.Ratio:F4}, \"compress_mbps\": {f.CompressMBps:F1}, \"decompress_mbps\": {f.DecompressMBps:F1}, \"best_compress_mbps\": {f.BestCompressMBps:F1}, \"best_decompress_mbps\": {f.BestDecompressMBps:F1}}}")));
            output.WriteLine(Invariant(
                $"{{\"bytes\": {data.Length}, \"level\": {(int)level}, \"block\": {top.Block}, \"compress_mbps\": {top.CompressMBps:F1}, \"decompress_mbps\": {top.DecompressMBps:F1}, \"best_compress_mbps\": {top.BestCompressMBps:F1}, \"best_decompress_mbps\": {top.BestDecompressMBps:F1}, \"ratio\": {top.Ratio:F4}, \"blocks\": [{detail}]}}"));
        }

        return 0;
    }

    /// <summary>Measures one block size; null when the round trip does not reproduce the input.</summary>
    private static Figures? Measure(byte[] data, int requestedBlock, LZ4Level level, double seconds, CancellationToken cancellationToken)
    {
        int block = requestedBlock == 0 || requestedBlock > data.Length ? data.Length : requestedBlock;
        int count = (int)(((long)data.Length + block - 1) / block);
        int bound = LZ4Codec.MaximumOutputSize(block);
        byte[] compressed = new byte[(long)bound * count];
        int[] sizes = new int[count];
        byte[] back = new byte[data.Length];

        void CompressPass()
        {
            for (int i = 0; i < count; i++)
            {
                int offset = i * block;
                int n = Math.Min(block, data.Length - offset);
                sizes[i] = LZ4Codec.Encode(data.AsSpan(offset, n), compressed.AsSpan(i * bound, bound), level);
            }
        }

        void DecompressPass()
        {
            for (int i = 0; i < count; i++)
            {
                int offset = i * block;
                int n = Math.Min(block, data.Length - offset);
                LZ4Codec.Decode(compressed.AsSpan(i * bound, sizes[i]), back.AsSpan(offset, n));
            }
        }

        (long cPasses, double cMean, double cBest) = Loop(CompressPass, seconds, cancellationToken);
        (long dPasses, double dMean, double dBest) = Loop(DecompressPass, seconds, cancellationToken);
        if (!back.AsSpan().SequenceEqual(data))
        {
            return null;
        }

        long total = sizes.Sum(s => (long)s);
        double mb = data.Length / 1e6;
        return new Figures(block, total, (double)data.Length / total, mb * cMean, mb * dMean, mb * cBest, mb * dBest, cPasses, dPasses);
    }

    /// <summary>One warm-up pass, then passes for <paramref name="seconds"/>: (passes, mean passes/s, best slice passes/s).</summary>
    private static (long Passes, double Mean, double Best) Loop(Action pass, double seconds, CancellationToken cancellationToken)
    {
        pass();
        long frequency = Stopwatch.Frequency;
        long start = Stopwatch.GetTimestamp();
        long stop = start + (long)(seconds * frequency);
        long sliceStart = start;
        long passes = 0;
        long slicePasses = 0;
        double best = 0;
        long now;
        do
        {
            pass();
            passes++;
            slicePasses++;
            now = Stopwatch.GetTimestamp();
            double sliceSeconds = (now - sliceStart) / (double)frequency;
            if (sliceSeconds >= SliceSeconds)
            {
                best = Math.Max(best, slicePasses / sliceSeconds);
                sliceStart = now;
                slicePasses = 0;
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        while (now < stop);

        double elapsed = (now - start) / (double)frequency;
        double mean = passes / elapsed;
        return (passes, mean, Math.Max(best, mean));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private readonly record struct Figures(int Block, long Compressed, double Ratio, double CompressMBps, double DecompressMBps, double BestCompressMBps, double BestDecompressMBps, long CompressPasses, long DecompressPasses);
}
