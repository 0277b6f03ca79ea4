using System.Diagnostics;

namespace Zhtp.Storage.Content.Tests.Compression;

/// <summary>Runs the reference <c>lz4</c> command (Debian package lz4) for the interop tests.</summary>
internal static class Lz4Cli
{
    private static readonly Lazy<string?> Path = new(Find);

    /// <summary>The lz4 executable; fails the test with an install hint when it is missing.</summary>
    internal static string Executable => Path.Value ?? throw new Xunit.Sdk.XunitException("The reference lz4 command is not on PATH: install lz4 (apt-get install lz4).");

    /// <summary>Runs lz4 with <paramref name="arguments"/>; fails the test on a non-zero exit or after 60 s.</summary>
    internal static async Task RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Task<string> stderr = process.StandardError.ReadToEndAsync(cts.Token);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        string error = await stderr;
        await stdout;
        if (process.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"lz4 {string.Join(' ', arguments)} exited with {process.ExitCode}: {error}");
        }
    }

    private static string? Find()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(System.IO.Path.PathSeparator))
        {
            string candidate = System.IO.Path.Combine(dir, "lz4");
            if (dir.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>A temporary directory removed on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    internal TempDir() => Directory.CreateDirectory(Root);

    internal string Root { get; } = Path.Combine(Path.GetTempPath(), "zhtp-lz4-" + Guid.NewGuid().ToString("N"));

    internal string File(string name) => Path.Combine(Root, name);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
