using System.Diagnostics;
using System.Text;

namespace Zhtp.Storage.Host.Tests;

/// <summary>
/// Runs the built <c>zhtp.dll</c> next to the tests (or another program, such as <c>lz4</c> or
/// <c>b3sum</c>) as a child process with binary standard input and output, under a timeout after
/// which the process tree is killed and the test fails.
/// </summary>
internal static class ZhtpProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    private static string ZhtpDll
    {
        get
        {
            string zhtp = Path.Combine(AppContext.BaseDirectory, "zhtp.dll");
            Assert.True(File.Exists(zhtp), $"zhtp.dll not found next to the tests at {zhtp}; build the test project (it references src/Host).");
            return zhtp;
        }
    }

    /// <summary>The repository root (the directory holding Zhtp.Storage.sln) above the test binaries.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Zhtp.Storage.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"No directory containing Zhtp.Storage.sln above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>Starts a long-running zhtp (e.g. <c>zhtp node</c>); the caller reads its output and kills it.</summary>
    public static Process Start(params string[] args) => StartWithEnvironment(new Dictionary<string, string>(), args);

    /// <summary>Starts a long-running zhtp with extra environment variables (e.g. <c>ZHTP__PORT</c>).</summary>
    public static Process StartWithEnvironment(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ZhtpDll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start zhtp.");
    }

    /// <summary>Sends SIGTERM to a started process and waits up to 30 s for it to exit (killed and a timeout thrown otherwise); returns the exit code.</summary>
    public static async Task<int> TerminateAsync(Process process)
    {
        using (Process kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the process did not exit within 30 s of SIGTERM");
        }

        return process.ExitCode;
    }

    /// <summary>Runs zhtp with <paramref name="args"/> and no standard input.</summary>
    public static Task<ProcessResult> RunAsync(params string[] args) => RunZhtpAsync(args);

    /// <summary>Runs zhtp with <paramref name="args"/>, writing <paramref name="stdin"/> to its standard input.</summary>
    public static Task<ProcessResult> RunZhtpAsync(string[] args, byte[]? stdin = null) => RunProgramAsync(Dotnet, [ZhtpDll, .. args], stdin);

    /// <summary>Runs any program, writing <paramref name="stdin"/> (if any) to its standard input.</summary>
    public static async Task<ProcessResult> RunProgramAsync(string program, string[] args, byte[]? stdin)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        using var cts = new CancellationTokenSource(Timeout);
        var output = new MemoryStream();
        Task copyOut = process.StandardOutput.BaseStream.CopyToAsync(output, cts.Token);
        Task<string> error = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            if (stdin is not null)
            {
                await process.StandardInput.BaseStream.WriteAsync(stdin, cts.Token);
            }
        }
        catch (IOException)
        {
            // The process may exit (for example on a bad option) before reading its input.
        }

        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {Timeout.TotalSeconds} s.");
        }

        await copyOut;
        return new ProcessResult(process.ExitCode, output.ToArray(), await error);
    }
}

/// <summary>The exit code, raw standard output and standard error of a finished process.</summary>
internal sealed class ProcessResult(int exitCode, byte[] output, string error)
{
    /// <summary>The exit code.</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>Standard output, raw.</summary>
    public byte[] Output { get; } = output;

    /// <summary>Standard error.</summary>
    public string Error { get; } = error;

    /// <summary>Standard output decoded as UTF-8.</summary>
    public string Text => Encoding.UTF8.GetString(Output);

    /// <summary>The non-empty lines of standard output.</summary>
    public string[] Lines => Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Deconstructs into exit code, standard output text and standard error.</summary>
    public void Deconstruct(out int exitCode, out string output, out string error)
    {
        exitCode = ExitCode;
        output = Text;
        error = Error;
    }
}
