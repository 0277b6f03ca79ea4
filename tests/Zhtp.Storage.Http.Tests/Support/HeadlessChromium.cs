using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Zhtp.Storage.Http.Tests.Support;

/// <summary>
/// Debian's chromium, headless, driven over the Chrome DevTools Protocol (<see cref="CdpConnection"/>): started with
/// <c>--remote-debugging-port=0</c> on 127.0.0.1 and a throwaway profile, its WebSocket address read from the
/// "DevTools listening on" line of its stderr. Dispose kills the browser's whole process tree and deletes the profile,
/// whatever state it is in. A missing binary throws (the tests fail, they do not skip): CI installs chromium.
/// </summary>
public sealed partial class HeadlessChromium : IAsyncDisposable
{
    public const string Binary = "/usr/bin/chromium";

    private readonly Process _process;
    private readonly TempDirectory _profile;
    private readonly Task _stderr;
    private readonly List<string> _stderrTail;

    private HeadlessChromium(Process process, TempDirectory profile, Task stderr, List<string> tail)
    {
        _process = process;
        _profile = profile;
        _stderr = stderr;
        _stderrTail = tail;
    }

    public CdpConnection Cdp { get; private set; } = null!;

    /// <summary>The folder downloads land in (named by their download guid).</summary>
    public string Downloads => Path.Combine(_profile.Path, "downloads");

    public static async Task<HeadlessChromium> StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"chromium is not installed ({Binary} is missing): the dashboard tests drive a real headless browser. Install it with `apt-get install chromium` (.ci/run does).");
        }

        var profile = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(profile.Path, "downloads"));
        var start = new ProcessStartInfo(Binary) { RedirectStandardError = true, RedirectStandardOutput = false, UseShellExecute = false };
        foreach (string argument in new[]
        {
            "--headless=new", "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1", "--user-data-dir=" + profile.Path,
            "--no-first-run", "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-extensions", "--disable-default-apps", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-sandbox", // root in CI containers; the browser loads only the test's own 127.0.0.1 page
            "--window-size=1280,1000", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException($"{Binary} did not start.");
        var tail = new List<string>();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task stderr = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                lock (tail)
                {
                    tail.Add(line);
                    if (tail.Count > 50)
                    {
                        tail.RemoveAt(0);
                    }
                }

                if (DevToolsLine().Match(line) is { Success: true } match)
                {
                    listening.TrySetResult(new Uri(match.Groups[1].Value));
                }
            }

            lock (tail)
            {
                listening.TrySetException(new InvalidOperationException($"{Binary} exited before it printed its DevTools address; its stderr ended with:\n{string.Join('\n', tail)}"));
            }
        }, CancellationToken.None);
        var browser = new HeadlessChromium(process, profile, stderr, tail);
        try
        {
            Uri address = await listening.Task.WaitAsync(cancellationToken);
            Assert.True(address.Host == "127.0.0.1", $"DevTools listens on {address}, not on 127.0.0.1.");
            browser.Cdp = await CdpConnection.ConnectAsync(address, cancellationToken);
            await browser.Cdp.SendAsync("Browser.setDownloadBehavior", new JsonObject
            {
                ["behavior"] = "allowAndName", ["downloadPath"] = browser.Downloads, ["eventsEnabled"] = true,
            }, null, cancellationToken);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new tab attached in flat mode, with the Page, Runtime, Network and Log domains enabled.</summary>
    public async Task<CdpPage> NewPageAsync(CancellationToken cancellationToken)
    {
        JsonObject target = await Cdp.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, null, cancellationToken);
        JsonObject attached = await Cdp.SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, null, cancellationToken);
        var page = new CdpPage(Cdp, attached["sessionId"]!.GetValue<string>());
        foreach (string domain in new[] { "Page", "Runtime", "Network", "Log" })
        {
            await page.SendAsync(domain + ".enable", null, cancellationToken);
        }

        await page.SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = 1280, ["height"] = 1000, ["deviceScaleFactor"] = 1, ["mobile"] = false }, cancellationToken);
        return page;
    }

    public string StderrTail()
    {
        lock (_stderrTail)
        {
            return string.Join('\n', _stderrTail);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Cdp is not null)
        {
            await Cdp.DisposeAsync();
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
            await _stderr.WaitAsync(wait.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
        }
        finally
        {
            _process.Dispose();
            _profile.Dispose();
        }
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevToolsLine();
}
