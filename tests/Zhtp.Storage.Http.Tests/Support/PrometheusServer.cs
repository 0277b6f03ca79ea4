using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Zhtp.Storage.Http.Tests.Support;

/// <summary>
/// Debian's <c>prometheus</c> on 127.0.0.1 (a free port), scraping one target every second, with a generated
/// configuration and a temporary storage folder; killed and deleted on dispose.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _directory;
    private readonly HttpClient _client;

    private PrometheusServer(Process process, TempDirectory directory, Uri address)
    {
        _process = process;
        _directory = directory;
        _client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The binary's path, or null when it is not installed.</summary>
    public static string? Binary =>
        new[] { "/usr/bin/prometheus", "/usr/local/bin/prometheus" }.FirstOrDefault(File.Exists);

    public static PrometheusServer Start(Uri target)
    {
        string binary = Binary ?? throw new InvalidOperationException("prometheus is not installed (apt-get install prometheus).");
        var directory = new TempDirectory();
        int port = FreePort();
        string config = Path.Combine(directory.Path, "prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: zhtp
                metrics_path: /metrics
                static_configs:
                  - targets: ['{target.Host}:{target.Port}']
            """);
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory.Path, "data")}", $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn" })
        {
            start.ArgumentList.Add(arg);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>Runs <paramref name="promQl"/> until it returns at least one sample, polling every 250 ms up to <paramref name="timeout"/>.</summary>
    /// <returns>The samples: labels and value.</returns>
    public async Task<List<(Dictionary<string, string> Labels, double Value)>> QueryUntilPresentAsync(string promQl, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        string last = "(no answer yet)";
        do
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with code {_process.ExitCode}.");
            }

            try
            {
                last = await _client.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString(promQl), deadline.Token);
                using JsonDocument answer = JsonDocument.Parse(last);
                JsonElement result = answer.RootElement.GetProperty("data").GetProperty("result");
                if (result.GetArrayLength() > 0)
                {
                    return [.. result.EnumerateArray().Select(r => (
                        r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
                        double.Parse(r.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))];
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
        }
        while (await WaitAsync(poll, deadline.Token));

        string targets;
        try
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            targets = await _client.GetStringAsync("/api/v1/targets", quick.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            targets = e.Message;
        }

        throw new TimeoutException($"Prometheus returned no sample of '{promQl}' within {timeout}; last answer: {last}; targets: {targets}");
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _directory.Dispose();
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
