using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Zhtp.Storage.Content.Compression;
using Zhtp.Storage.Host.Bench;

namespace Zhtp.Storage.Host.Commands;

/// <summary>
/// <c>zhtp bench lz4 FILE</c>: one-thread LZ4 block throughput measured like the anchors'
/// <c>lz4_bench</c>: the file loaded in memory and cut into independent blocks (65536, 1048576
/// and 0 = the whole file as one block by default), warm-up (1 s per direction once, then at least
/// 3 passes and 0.25 s per figure, for the JIT), then passes for about one
/// second per direction; MB/s of uncompressed bytes (MB = 1e6) as the mean over the loop and as
/// the fastest 0.1 s slice (<c>best_*</c>); round trip verified.
/// </summary>
internal sealed unsafe class BenchLz4Command : IBenchCommand
{

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
        var liblz4 = new Option<bool>("--liblz4")
        {
            Description = "Also run liblz4 (liblz4.so.1: LZ4_compress_default / LZ4_decompress_safe) in the same process, pass by pass alternately with ours, and print both and their ratio: robust to a busy machine.",
        };
        var command = new Command("lz4", "LZ4 block compress/decompress MB/s and ratio on a file (one thread), in the anchors' line format.");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.Options.Add(seconds);
        command.Options.Add(blocks);
        command.Options.Add(level);
        command.Options.Add(liblz4);
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

            if (result.GetValue(liblz4))
            {
                return Task.FromResult(NativeComparison.Run(result.InvocationConfiguration.Output, error, data, sizes, perFigure, cancellationToken));
            }

            return Task.FromResult(Run(result.InvocationConfiguration.Output, error, data, sizes, lz4Level, perFigure, result.GetValue(json), cancellationToken));
        });
        return command;
    }

    private static int Run(TextWriter output, TextWriter error, byte[] data, int[] sizes, LZ4Level level, double seconds, bool json, CancellationToken cancellationToken)
    {
        var figures = new List<Figures>();
        WarmUpProcess(data, sizes[0]);
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
                output.WriteLine(Line("zhtp lz4", data.Length, figure.Value));
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
        var work = new Workload(data, requestedBlock, ManagedCodec(level));
        (long cPasses, double cMean, double cBest) = Loop(work.CompressPass, seconds, cancellationToken);
        (long dPasses, double dMean, double dBest) = Loop(work.DecompressPass, seconds, cancellationToken);
        return work.Verified() ? work.Figures(cMean, dMean, cBest, dBest, cPasses, dPasses) : null;
    }

    /// <summary>Our block codec as the workload's compress/decompress functions.</summary>
    internal static (BlockCompress Compress, BlockDecompress Decompress) ManagedCodec(LZ4Level level) =>
        ((src, dst) => LZ4Codec.Encode(src, dst, level), (src, dst) => LZ4Codec.Decode(src, dst));

    /// <summary>Warm-up, then passes for <paramref name="seconds"/>: (passes, mean passes/s, best slice passes/s).</summary>
    private static (long Passes, double Mean, double Best) Loop(Action pass, double seconds, CancellationToken cancellationToken)
    {
        WarmUp(pass);
        TimedRun run = SlicedTimer.Run(pass, seconds, cancellationToken);
        return (run.Iterations, run.MeanPerSecond, run.BestPerSecond);
    }

    /// <summary>One figure in the anchors' line format.</summary>
    internal static string Line(string name, int length, Figures f) => Invariant(
        $"{name} block={f.Block} in={length} out={f.Compressed} ratio={f.Ratio:F4} compress_MBps={f.CompressMBps:F1} decompress_MBps={f.DecompressMBps:F1} best_compress_MBps={f.BestCompressMBps:F1} best_decompress_MBps={f.BestDecompressMBps:F1} cpasses={f.CompressPasses} dpasses={f.DecompressPasses}");

    /// <summary>
    /// Once per process, before the first figure: 1 s of compress and 1 s of decompress passes.
    /// Measured here, a shorter start left the first figure of a run up to 20 % low while the
    /// runtime finished its tiered compilation.
    /// </summary>
    private static void WarmUpProcess(byte[] data, int block)
    {
        var work = new Workload(data, block, ManagedCodec(LZ4Level.L00_FAST));
        WarmUp(work.CompressPass, 1.0);
        WarmUp(work.DecompressPass, 1.0);
    }

    /// <summary>
    /// Runs <paramref name="pass"/> for at least 3 passes and <paramref name="seconds"/>, so the
    /// JIT has moved the codec and the pass loop to optimized code before timing (lz4_bench needs
    /// one pass), then a full blocking garbage collection.
    /// </summary>
    internal static void WarmUp(Action pass, double seconds = 0.25)
    {
        long stop = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * seconds);
        for (int i = 0; i < 3 || Stopwatch.GetTimestamp() < stop; i++)
        {
            pass();
        }

        // The workload's large buffers were just allocated: collect now, blocking, so that a
        // background collection does not run during the timed loop.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
    }

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// <c>--liblz4</c>: ours and liblz4 on the same blocks in one process, one pass of each in
    /// turn for the given time per direction, so a busy machine slows both alike. Mean = total
    /// bytes over total time of each side's passes; best = its fastest single pass.
    /// </summary>
    private static unsafe class NativeComparison
    {
        internal static int Run(TextWriter output, TextWriter error, byte[] data, int[] sizes, double seconds, CancellationToken cancellationToken)
        {
            if (!NativeLibrary.TryLoad("liblz4.so.1", out IntPtr library))
            {
                error.WriteLine("zhtp bench lz4 --liblz4: liblz4.so.1 was not found; install it (apt-get install liblz4-1) or run without --liblz4.");
                return 2;
            }

            var compress = (delegate* unmanaged<byte*, byte*, int, int, int>)NativeLibrary.GetExport(library, "LZ4_compress_default");
            var decompress = (delegate* unmanaged<byte*, byte*, int, int, int>)NativeLibrary.GetExport(library, "LZ4_decompress_safe");
            BlockCompress nativeCompress = (src, dst) =>
            {
                fixed (byte* s = src)
                fixed (byte* d = dst)
                {
                    return compress(s, d, src.Length, dst.Length);
                }
            };
            BlockDecompress nativeDecompress = (src, dst) =>
            {
                fixed (byte* s = src)
                fixed (byte* d = dst)
                {
                    return decompress(s, d, src.Length, dst.Length);
                }
            };

            WarmUpProcess(data, sizes[0]);
            foreach (int size in sizes)
            {
                var ours = new Workload(data, size, ManagedCodec(LZ4Level.L00_FAST));
                var theirs = new Workload(data, size, (nativeCompress, nativeDecompress));
                (Pace oursC, Pace theirsC) = Alternate(ours.CompressPass, theirs.CompressPass, seconds, cancellationToken);
                (Pace oursD, Pace theirsD) = Alternate(ours.DecompressPass, theirs.DecompressPass, seconds, cancellationToken);
                if (!ours.Verified() || !theirs.Verified())
                {
                    error.WriteLine(Invariant($"zhtp bench lz4: round-trip verification FAILED at block={size}"));
                    return 1;
                }

                Figures o = ours.Figures(oursC.Mean, oursD.Mean, oursC.Best, oursD.Best, oursC.Passes, oursD.Passes);
                Figures t = theirs.Figures(theirsC.Mean, theirsD.Mean, theirsC.Best, theirsD.Best, theirsC.Passes, theirsD.Passes);
                output.WriteLine(Line("zhtp lz4", data.Length, o));
                output.WriteLine(Line("liblz4 lz4", data.Length, t));
                output.WriteLine(Invariant(
                    $"# ours/liblz4 block={o.Block} compress={o.CompressMBps / t.CompressMBps:F3} decompress={o.DecompressMBps / t.DecompressMBps:F3} best_compress={o.BestCompressMBps / t.BestCompressMBps:F3} best_decompress={o.BestDecompressMBps / t.BestDecompressMBps:F3} cpu_compress={oursC.CpuMean / theirsC.CpuMean:F3} cpu_decompress={oursD.CpuMean / theirsD.CpuMean:F3} cpu_best_compress={oursC.CpuBest / theirsC.CpuBest:F3} cpu_best_decompress={oursD.CpuBest / theirsD.CpuBest:F3} ratio_ours={o.Ratio:F4} ratio_liblz4={t.Ratio:F4}"));
            }

            return 0;
        }

        private static (Pace A, Pace B) Alternate(Action a, Action b, double seconds, CancellationToken cancellationToken)
        {
            WarmUp(a);
            b();
            long frequency = Stopwatch.Frequency;
            long stop = Stopwatch.GetTimestamp() + (long)(seconds * 2 * frequency);
            var wallA = new Sum();
            var wallB = new Sum();
            var cpuA = new Sum();
            var cpuB = new Sum();
            do
            {
                long w0 = Stopwatch.GetTimestamp();
                long c0 = ThreadCpuNanoseconds();
                b();
                long w1 = Stopwatch.GetTimestamp();
                long c1 = ThreadCpuNanoseconds();
                a();
                long w2 = Stopwatch.GetTimestamp();
                long c2 = ThreadCpuNanoseconds();
                wallB.Add((w1 - w0) / (double)frequency);
                wallA.Add((w2 - w1) / (double)frequency);
                cpuB.Add((c1 - c0) / 1e9);
                cpuA.Add((c2 - c1) / 1e9);
                cancellationToken.ThrowIfCancellationRequested();
            }
            while (Stopwatch.GetTimestamp() < stop);

            return (new Pace(wallA, cpuA), new Pace(wallB, cpuB));
        }

        /// <summary>CPU time of this thread (CLOCK_THREAD_CPUTIME_ID), or 0 where libc's clock_gettime is not available.</summary>
        private static long ThreadCpuNanoseconds()
        {
            if (ClockGetTime is null)
            {
                return 0;
            }

            long* spec = stackalloc long[2];
            return ClockGetTime(3, spec) == 0 ? (spec[0] * 1_000_000_000L) + spec[1] : 0;
        }

        private static readonly delegate* unmanaged<int, long*, int> ClockGetTime =
            NativeLibrary.TryLoad("libc.so.6", out IntPtr libc) && NativeLibrary.TryGetExport(libc, "clock_gettime", out IntPtr f)
                ? (delegate* unmanaged<int, long*, int>)f
                : null;

        /// <summary>Pass times of one side: count, total and fastest.</summary>
        private sealed class Sum
        {
            internal long Passes { get; private set; }

            internal double Total { get; private set; }

            internal double Best { get; private set; } = double.MaxValue;

            internal void Add(double seconds)
            {
                Passes++;
                Total += seconds;
                Best = Math.Min(Best, seconds);
            }
        }

        /// <summary>Passes per second, mean and best, by wall clock and by thread CPU time.</summary>
        private readonly record struct Pace(Sum Wall, Sum Cpu)
        {
            internal long Passes => Wall.Passes;

            internal double Mean => Wall.Passes / Wall.Total;

            internal double Best => 1 / Wall.Best;

            internal double CpuMean => Cpu.Total > 0 ? Cpu.Passes / Cpu.Total : double.NaN;

            internal double CpuBest => Cpu.Best > 0 ? 1 / Cpu.Best : double.NaN;
        }
    }

    /// <summary>Compresses one block; returns the compressed length (&lt;= 0 on failure).</summary>
    internal delegate int BlockCompress(ReadOnlySpan<byte> source, Span<byte> target);

    /// <summary>Decompresses one block; returns the decompressed length.</summary>
    internal delegate int BlockDecompress(ReadOnlySpan<byte> source, Span<byte> target);

    /// <summary>The corpus cut into independent blocks (block i compressed at i * bound), like lz4_bench.</summary>
    internal sealed class Workload
    {
        private readonly byte[] _data;
        private readonly AlignedBuffer _compressed;
        private readonly int[] _sizes;
        private readonly AlignedBuffer _back;
        private readonly int _bound;
        private readonly BlockCompress _compress;
        private readonly BlockDecompress _decompress;

        internal Workload(byte[] data, int requestedBlock, (BlockCompress Compress, BlockDecompress Decompress) codec)
        {
            _data = data;
            Block = requestedBlock == 0 || requestedBlock > data.Length ? data.Length : requestedBlock;
            int count = (int)(((long)data.Length + Block - 1) / Block);
            _bound = LZ4Codec.MaximumOutputSize(Block);
            _compressed = new AlignedBuffer(checked(_bound * count));
            _sizes = new int[count];
            _back = new AlignedBuffer(data.Length);
            (_compress, _decompress) = codec;
        }

        internal int Block { get; }

        internal void CompressPass()
        {
            for (int i = 0; i < _sizes.Length; i++)
            {
                int offset = i * Block;
                _sizes[i] = _compress(_data.AsSpan(offset, Math.Min(Block, _data.Length - offset)), _compressed.Span.Slice(i * _bound, _bound));
            }
        }

        internal void DecompressPass()
        {
            for (int i = 0; i < _sizes.Length; i++)
            {
                int offset = i * Block;
                _decompress(_compressed.Span.Slice(i * _bound, _sizes[i]), _back.Span.Slice(offset, Math.Min(Block, _data.Length - offset)));
            }
        }

        internal bool Verified() => _sizes.All(n => n > 0) && _back.Span.SequenceEqual(_data);

        internal Figures Figures(double compressPerSecond, double decompressPerSecond, double bestCompress, double bestDecompress, long compressPasses, long decompressPasses)
        {
            long total = _sizes.Sum(n => (long)n);
            double mb = _data.Length / 1e6;
            return new Figures(Block, total, (double)_data.Length / total, mb * compressPerSecond, mb * decompressPerSecond, mb * bestCompress, mb * bestDecompress, compressPasses, decompressPasses);
        }
    }

    /// <summary>
    /// A pinned buffer whose usable part starts on a 64-byte boundary, so that every workload
    /// (ours and liblz4's) sees the same alignment from run to run: unaligned placement of the
    /// output moved single figures by up to 20 % between processes.
    /// </summary>
    internal sealed class AlignedBuffer
    {
        private const int Alignment = 64;
        private readonly byte[] _array;
        private readonly int _start;
        private readonly int _length;

        internal unsafe AlignedBuffer(int length)
        {
            _array = GC.AllocateArray<byte>(length + Alignment, pinned: true);
            fixed (byte* p = _array)
            {
                _start = (int)((Alignment - ((nuint)p % Alignment)) % Alignment);
            }

            _length = length;
        }

        internal Span<byte> Span => _array.AsSpan(_start, _length);
    }

    internal readonly record struct Figures(int Block, long Compressed, double Ratio, double CompressMBps, double DecompressMBps, double BestCompressMBps, double BestDecompressMBps, long CompressPasses, long DecompressPasses);
}
