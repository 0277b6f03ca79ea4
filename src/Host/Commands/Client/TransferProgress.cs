using System.Globalization;
using Spectre.Console;
using Zhtp.Storage.Content;

namespace Zhtp.Storage.Host.Commands.Client;

/// <summary>
/// Shows a transfer's progress from the content manager's <see cref="ContentProgress"/> reports: a Spectre.Console
/// bar (bytes, MB/s, ETA) when standard output is a terminal, else plain lines on standard error (docs/cli.md,
/// "Output"), so standard output keeps only the result.
/// </summary>
internal static class TransferProgress
{
    /// <summary>Runs <paramref name="work"/> with a progress sink labelled <paramref name="label"/>.</summary>
    public static async Task<T> RunAsync<T>(string label, long? totalBytes, TextWriter error, Func<IProgress<ContentProgress>, Task<T>> work)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await work(new LineProgress(label, totalBytes, error, TimeProvider.System)).ConfigureAwait(false);
        }

        T value = default!;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                ProgressTask task = context.AddTask(label, maxValue: Math.Max(1, totalBytes ?? 1));
                value = await work(new Sink(p =>
                {
                    if (p.TotalBytes is { } total && total > 0)
                    {
                        task.MaxValue = total;
                    }

                    task.Value = p.Bytes;
                })).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        return value;
    }

    /// <summary>Calls back on the reporting thread (no synchronization context hop, so reports stay in order).</summary>
    private sealed class Sink(Action<ContentProgress> report) : IProgress<ContentProgress>
    {
        public void Report(ContentProgress value) => report(value);
    }

    /// <summary>One line per report: bytes, percent, MB/s and ETA.</summary>
    private sealed class LineProgress(string label, long? totalBytes, TextWriter error, TimeProvider time) : IProgress<ContentProgress>
    {
        private readonly long _start = time.GetTimestamp();
        private readonly Lock _lock = new();

        public void Report(ContentProgress value)
        {
            double seconds = Math.Max(time.GetElapsedTime(_start).TotalSeconds, 1e-3);
            double rate = value.Bytes / seconds;
            long? total = value.TotalBytes ?? totalBytes;
            string line = total is > 0 and { } t
                ? string.Create(CultureInfo.InvariantCulture, $"{label}: {value.Bytes:N0} of {t:N0} bytes ({100.0 * value.Bytes / t:F0} %), {rate / 1e6:F2} MB/s, ETA {(rate > 0 ? Math.Max(0, (t - value.Bytes) / rate) : 0):F0} s")
                : string.Create(CultureInfo.InvariantCulture, $"{label}: {value.Bytes:N0} bytes, {rate / 1e6:F2} MB/s");
            lock (_lock)
            {
                error.WriteLine(line);
            }
        }
    }
}
