using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Zhtp.Storage.Erasure;
using Zhtp.Storage.Erasure.Codec;
using Zhtp.Storage.Erasure.Kernels;
using Zhtp.Storage.Host.Bench;

namespace Zhtp.Storage.Host.Commands;

/// <summary>
/// <c>zhtp bench erasure</c>: single-thread Reed-Solomon encode and reconstruct throughput, measured
/// like the ISA-L anchor (<c>rs_bench</c>): GB/s = k·shard data bytes per second (GB = 1e9 bytes),
/// cache-warm reused buffers, every call (including the decode-plan lookup) inside the timed loop,
/// mean over the run and best 0.1 s slice. Reconstruct loses data shards 0 and 2, as rs_bench does.
/// </summary>
internal sealed class BenchErasureCommand : IBenchCommand
{

    private static readonly BenchCase[] Cases =
    [
        new("encode", 4, 2, 64 * 1024, "64KiB"),
        new("encode", 4, 2, 1024 * 1024, "1MiB"),
        new("reconstruct", 4, 2, 64 * 1024, "64KiB"),
        new("reconstruct", 4, 2, 1024 * 1024, "1MiB"),
        new("encode", 10, 4, 1024 * 1024, "1MiB"),
        new("reconstruct", 10, 4, 1024 * 1024, "1MiB"),
    ];

    /// <inheritdoc />
    public Command Build()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON array of {\"case\", \"gbps\"} instead of text lines." };
        var seconds = new Option<double>("--seconds")
        {
            Description = "Seconds per figure (default 1, like rs_bench).",
            DefaultValueFactory = _ => 1.0,
        };
        var only = new Option<string[]>("--case")
        {
            Description = "Run only these cases (e.g. encode-4+2-1MiB); repeatable. Default: all six.",
            AllowMultipleArgumentsPerToken = true,
        };
        var kernel = new Option<string?>("--kernel")
        {
            Description = "Force a kernel path (Scalar, Vector128, Vector256, Vector512, Gfni256, Gfni512) instead of the fastest; lines then carry kernel=NAME.",
        };
        var invert = new Option<bool>("--invert-each-time")
        {
            Description = "Reconstruct: also build the decode plan (k×k inversion) in every iteration, as rs_bench inverts every time, instead of only the cached lookup; lines then carry plan=rebuilt.",
        };
        var command = new Command("erasure", "Reed-Solomon encode/reconstruct throughput (4+2 and 10+4, one thread), in the ISA-L anchor's format.");
        command.Options.Add(json);
        command.Options.Add(seconds);
        command.Options.Add(only);
        command.Options.Add(kernel);
        command.Options.Add(invert);
        command.SetAction((ParseResult result, CancellationToken cancellationToken) =>
        {
            double perFigure = result.GetValue(seconds);
            if (!(perFigure > 0) || perFigure > 600)
            {
                Console.Error.WriteLine($"--seconds must be between 0 and 600, was {perFigure.ToString(CultureInfo.InvariantCulture)}.");
                return Task.FromResult(2);
            }

            string[] selected = result.GetValue(only) ?? [];
            var unknown = selected.Where(name => !Cases.Any(c => c.Name == name)).ToArray();
            if (unknown.Length > 0)
            {
                Console.Error.WriteLine($"Unknown case(s) {string.Join(", ", unknown)}; known: {string.Join(", ", Cases.Select(c => c.Name))}.");
                return Task.FromResult(2);
            }

            var cases = selected.Length == 0 ? Cases : Cases.Where(c => selected.Contains(c.Name)).ToArray();
            string? forced = result.GetValue(kernel);
            if (forced is not null)
            {
                if (!Enum.TryParse<KernelPath>(forced, ignoreCase: true, out var path) || !Enum.IsDefined(path) || !GaloisKernels.IsSupported(path))
                {
                    Console.Error.WriteLine($"--kernel {forced} is not a kernel path this CPU runs; it runs: {string.Join(", ", Enum.GetValues<KernelPath>().Where(GaloisKernels.IsSupported))}.");
                    return Task.FromResult(2);
                }

                GaloisKernels.ForcedPath = path;
            }

            try
            {
                bool rebuild = result.GetValue(invert);
                string label = (forced is null ? string.Empty : $" kernel={GaloisKernels.Active}") + (rebuild ? " plan=rebuilt" : string.Empty);
                return Task.FromResult(Run(cases, result.GetValue(json), perFigure, rebuild, label, cancellationToken));
            }
            finally
            {
                GaloisKernels.ForcedPath = null;
            }
        });
        return command;
    }

    private static int Run(BenchCase[] cases, bool json, double seconds, bool rebuildPlans, string label, CancellationToken cancellationToken)
    {
        var figures = new List<(string Case, double Gbps)>();
        foreach (var benchCase in cases)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var measured = Measure(benchCase, seconds, rebuildPlans, cancellationToken);
            figures.Add((benchCase.Name, measured.MeanGbps));
            if (!json)
            {
                Console.Out.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"zhtp erasure {benchCase.Operation} {benchCase.DataShards}+{benchCase.ParityShards}{label} shard={benchCase.ShardBytes} stripe={benchCase.DataShards * benchCase.ShardBytes} lost={benchCase.Lost} iters={measured.Iterations} secs={measured.Seconds:F3} GBps={measured.MeanGbps:F2} best_GBps={measured.BestGbps:F2}"));
            }
        }

        if (json)
        {
            var text = new StringBuilder("[");
            for (int i = 0; i < figures.Count; i++)
            {
                text.Append(i == 0 ? string.Empty : ", ")
                    .Append(CultureInfo.InvariantCulture, $"{{\"case\": \"{figures[i].Case}\", \"gbps\": {Math.Round(figures[i].Gbps, 3)}}}");
            }

            Console.Out.WriteLine(text.Append(']').ToString());
        }

        return 0;
    }

    private static Measurement Measure(BenchCase benchCase, double seconds, bool rebuildPlans, CancellationToken cancellationToken)
    {
        var codec = ReedSolomon.Create(benchCase.DataShards, benchCase.ParityShards);
        int n = codec.TotalShards;
        var shards = new Memory<byte>[n];
        var random = new Random(12345);
        for (int i = 0; i < n; i++)
        {
            shards[i] = AlignedBuffer(benchCase.ShardBytes);
            if (i < benchCase.DataShards)
            {
                random.NextBytes(shards[i].Span);
            }
        }

        var data = new ReadOnlyMemory<byte>[benchCase.DataShards];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = shards[i];
        }

        var parity = shards[benchCase.DataShards..];
        codec.Encode(data, parity);
        var present = ShardMask.All(n).Without(0).Without(2);
        var originals = new[] { shards[0].ToArray(), shards[2].ToArray() };
        var encoding = ((CauchyCodec)codec).Encoding;
        Action iteration = benchCase.Lost == 0
            ? () => codec.Encode(data, parity)
            : rebuildPlans
                ? () =>
                {
                    DecodePlan.Build(encoding, present);
                    codec.Reconstruct(shards, present);
                }
                : () => codec.Reconstruct(shards, present);

        SlicedTimer.Run(iteration, Math.Min(0.2, seconds / 4), cancellationToken);
        TimedRun measured = SlicedTimer.Run(iteration, seconds, cancellationToken);
        if (benchCase.Lost > 0 && (!shards[0].Span.SequenceEqual(originals[0]) || !shards[2].Span.SequenceEqual(originals[1])))
        {
            throw new InvalidOperationException($"{benchCase.Name}: rebuilt shards differ from the originals.");
        }

        double bytes = (double)benchCase.DataShards * benchCase.ShardBytes;
        return new Measurement(measured.Iterations, measured.Seconds, bytes * measured.MeanPerSecond / 1e9, bytes * measured.BestPerSecond / 1e9);
    }

    /// <summary>A 64-byte aligned buffer (like rs_bench's posix_memalign), from a pinned array.</summary>
    private static unsafe Memory<byte> AlignedBuffer(int length)
    {
        var array = GC.AllocateArray<byte>(length + 64, pinned: true);
        fixed (byte* address = array)
        {
            int offset = (int)((64 - ((nint)address & 63)) & 63);
            return new Memory<byte>(array, offset, length);
        }
    }

    private sealed record BenchCase(string Operation, int DataShards, int ParityShards, int ShardBytes, string SizeName)
    {
        public int Lost => Operation == "encode" ? 0 : 2;

        public string Name => $"{Operation}-{DataShards}+{ParityShards}-{SizeName}";
    }

    private sealed record Measurement(long Iterations, double Seconds, double MeanGbps, double BestGbps);
}
