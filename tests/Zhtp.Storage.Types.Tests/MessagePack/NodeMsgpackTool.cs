using System.Diagnostics;

namespace Zhtp.Storage.Types.Tests.MessagePack;

/// <summary>Runs tools/msgpack-node/roundtrip.mjs (npm @msgpack/msgpack). Installs the pinned package with
/// <c>npm ci</c> when node_modules is missing, and fails with a message saying what to install otherwise.</summary>
internal static class NodeMsgpackTool
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static string Directory => Path.Combine(TestData.RepositoryRoot, "tools", "msgpack-node");

    public static async Task<string[]> RunAsync(string mode, IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        await EnsureInstalledAsync(cancellationToken);
        (int exitCode, string output, string error) = await RunProcessAsync("node", ["roundtrip.mjs", mode], string.Join('\n', lines) + "\n", cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"node roundtrip.mjs {mode} failed with exit code {exitCode}: {error}");
        }

        string[] result = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (result.Length != lines.Count)
        {
            throw new InvalidOperationException($"node roundtrip.mjs {mode} returned {result.Length} lines for {lines.Count} inputs. stderr: {error}");
        }

        return result;
    }

    private static async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        await InstallLock.WaitAsync(cancellationToken);
        try
        {
            if (!File.Exists(Path.Combine(Directory, "roundtrip.mjs")))
            {
                throw new InvalidOperationException($"{Directory}/roundtrip.mjs is missing.");
            }

            (int nodeExit, _, _) = await RunProcessAsync("node", ["--version"], null, cancellationToken, allowMissing: true);
            if (nodeExit != 0)
            {
                throw new InvalidOperationException("Node.js is not installed (the `node` command failed). Install nodejs and npm (for example `apt-get install nodejs npm`), as .ci/run does.");
            }

            if (File.Exists(Path.Combine(Directory, "node_modules", "@msgpack", "msgpack", "package.json")))
            {
                return;
            }

            (int npmExit, string npmOut, string npmError) = await RunProcessAsync("npm", ["ci", "--no-audit", "--no-fund"], null, cancellationToken, allowMissing: true);
            if (npmExit != 0 || !File.Exists(Path.Combine(Directory, "node_modules", "@msgpack", "msgpack", "package.json")))
            {
                throw new InvalidOperationException($"`npm ci` in {Directory} failed (exit {npmExit}); the cross-implementation test needs the npm package @msgpack/msgpack. Run `npm ci` there with network access to registry.npmjs.org. Output: {npmOut} {npmError}");
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunProcessAsync(string fileName, string[] arguments, string? input, CancellationToken cancellationToken, bool allowMissing = false)
    {
        ProcessStartInfo start = new(fileName)
        {
            WorkingDirectory = Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        }
        catch (System.ComponentModel.Win32Exception) when (allowMissing)
        {
            return (-1, string.Empty, $"{fileName} not found");
        }

        using (process)
        {
            try
            {
                Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken);
                Task<string> error = process.StandardError.ReadToEndAsync(cancellationToken);
                if (input is not null)
                {
                    await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken);
                }

                process.StandardInput.Close();
                await process.WaitForExitAsync(cancellationToken);
                return (process.ExitCode, await output, await error);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
        }
    }
}
