using System.CommandLine;
using System.Diagnostics;
using Zhtp.Storage.Host.Bench;
using System.Globalization;
using System.Security.Cryptography;
using Blake3;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Host.Commands;

/// <summary>
/// <c>zhtp bench blake3</c>: one-thread throughput of BLAKE3 from the <c>Blake3</c> package
/// (<see cref="Hasher.Hash(ReadOnlySpan{byte}, Span{byte})"/>, and the keyed hash as the DHT's datagram MAC calls it)
/// and of <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/> on a 1 MiB buffer (or <c>--size</c>), measured
/// like the anchors' <c>blake3_bench.js</c>: the same xorshift32-filled input, 20 warm-up calls
/// (and at least 0.2 s or a quarter of <c>--seconds</c>, so the JIT has settled),
/// a loop of about one second, GB/s = 1e9 bytes per second as the mean over the loop and as the
/// fastest 0.1 s slice (<c>best_GBps</c>), plus <c>cpu/wall</c> (process CPU time over wall time;
/// well below 1 means the machine was busy and the figure is low).
/// </summary>
internal sealed class BenchBlake3Command : IBenchCommand
{
    private const int DefaultBytes = 1 << 20;

    /// <inheritdoc />
    public Command Build()
    {
        var seconds = new Option<double>("--seconds")
        {
            Description = "Seconds per figure (default 1, like blake3_bench.js).",
            DefaultValueFactory = _ => 1.0,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object {\"blake3_gbps\", \"sha256_gbps\", ...} instead of text lines." };
        var size = new Option<int>("--size")
        {
            Description = "Input bytes (default 1048576, the anchors' size; e.g. 1024 or 65536 for small inputs).",
            DefaultValueFactory = _ => DefaultBytes,
        };
        var command = new Command("blake3", "BLAKE3 and SHA-256 throughput on a 1 MiB buffer (one thread), in the anchors' line format.");
        command.Options.Add(seconds);
        command.Options.Add(json);
        command.Options.Add(size);
        command.SetAction((ParseResult result, CancellationToken cancellationToken) =>
        {
            double perFigure = result.GetValue(seconds);
            int bytes = result.GetValue(size);
            TextWriter output = result.InvocationConfiguration.Output;
            if (!(perFigure > 0) || perFigure > 600)
            {
                result.InvocationConfiguration.Error.WriteLine($"--seconds must be more than 0 and at most 600, was {perFigure.ToString(CultureInfo.InvariantCulture)}.");
                return Task.FromResult(2);
            }

            if (bytes < 1 || bytes > 1 << 30)
            {
                result.InvocationConfiguration.Error.WriteLine($"--size must be between 1 and 1073741824 bytes, was {bytes.ToString(CultureInfo.InvariantCulture)}.");
                return Task.FromResult(2);
            }

            return Task.FromResult(Run(output, bytes, perFigure, result.GetValue(json), cancellationToken));
        });
        return command;
    }

    private static int Run(TextWriter output, int bytes, double seconds, bool json, CancellationToken cancellationToken)
    {
        byte[] input = XorShiftInput(bytes);
        byte[] digest = new byte[32];

        Figure blake3 = Measure(() => Hasher.Hash(input, digest), bytes, seconds, cancellationToken);
        string blake3Hex = Convert.ToHexStringLower(digest);
        Figure sha256 = Measure(() => SHA256.HashData(input, digest), bytes, seconds, cancellationToken);

        byte[] key = new byte[32];
        key[0] = 1;
        Figure keyed = Measure(() => Blake3Hashing.KeyedHash(key, input, digest), bytes, seconds, cancellationToken);

        if (json)
        {
            output.WriteLine(Invariant(
                $"{{\"bytes\": {bytes}, \"blake3_gbps\": {Round(blake3.MeanGbps)}, \"blake3_best_gbps\": {Round(blake3.BestGbps)}, \"sha256_gbps\": {Round(sha256.MeanGbps)}, \"sha256_best_gbps\": {Round(sha256.BestGbps)}, \"ratio\": {Round(blake3.MeanGbps / sha256.MeanGbps)}, \"best_ratio\": {Round(blake3.BestGbps / sha256.BestGbps)}, \"blake3_keyed_gbps\": {Round(keyed.MeanGbps)}, \"digest\": \"{blake3Hex}\"}}"));
            return 0;
        }

        output.WriteLine(Line("blake3", bytes, blake3));
        output.WriteLine(Line("sha256", bytes, sha256));
        output.WriteLine(Line("blake3-keyed", bytes, keyed));

        output.WriteLine(Invariant($"# ratio={blake3.MeanGbps / sha256.MeanGbps:F2} best_ratio={blake3.BestGbps / sha256.BestGbps:F2} digest({bytes}-byte input)={blake3Hex}"));
        return 0;
    }

    private static string Line(string name, int bytes, Figure figure) =>
        Invariant($"zhtp {name} bytes={bytes} iters={figure.Iterations} secs={figure.Seconds:F3} GBps={figure.MeanGbps:F2} best_GBps={figure.BestGbps:F2} cpu/wall={figure.CpuPerWall:F2}");

    /// <summary>
    /// Runs <paramref name="hash"/> for about <paramref name="seconds"/>; small inputs are hashed in
    /// batches of about 64 KiB between clock reads, so reading the clock does not count.
    /// </summary>
    private static Figure Measure(Action hash, int bytes, double seconds, CancellationToken cancellationToken)
    {
        int batch = Math.Max(1, (64 * 1024) / bytes);
        long warmUpEnd = Stopwatch.GetTimestamp() + (long)(Math.Min(0.2, seconds / 4) * Stopwatch.Frequency);
        for (int i = 0; i < 20 * batch || Stopwatch.GetTimestamp() < warmUpEnd; i++)
        {
            hash();
        }

        TimeSpan cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        TimedRun run = SlicedTimer.Run(hash, seconds, cancellationToken, batch);
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds;
        return new Figure(run.Iterations, run.Seconds, bytes * run.MeanPerSecond / 1e9, bytes * run.BestPerSecond / 1e9, cpu / run.Seconds);
    }

    /// <summary>The input of blake3_bench.js: a xorshift32 stream seeded with 0x12345678, low byte of each step.</summary>
    private static byte[] XorShiftInput(int bytes)
    {
        byte[] input = new byte[bytes];
        uint x = 0x12345678;
        for (int i = 0; i < input.Length; i++)
        {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            input[i] = (byte)x;
        }

        return input;
    }

    private static double Round(double value) => Math.Round(value, 3);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Figure(long Iterations, double Seconds, double MeanGbps, double BestGbps, double CpuPerWall);
}
