namespace Zhtp.Storage.Host.Tests;

/// <summary>
/// Runs tools/blake3-node/b3.mjs (npm <c>@noble/hashes</c>), installing the pinned package with
/// <c>npm ci</c> when node_modules is missing; fails with a message saying what to install otherwise.
/// </summary>
internal static class NobleBlake3Tool
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    private static string ToolDirectory => Path.Combine(ZhtpProcess.RepositoryRoot, "tools", "blake3-node");

    public static async Task<ProcessResult> RunAsync(string[] args, byte[]? stdin)
    {
        await EnsureInstalledAsync();
        return await ZhtpProcess.RunProgramAsync("node", [Path.Combine(ToolDirectory, "b3.mjs"), .. args], stdin);
    }

    private static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            string marker = Path.Combine(ToolDirectory, "node_modules", "@noble", "hashes", "package.json");
            if (File.Exists(marker))
            {
                return;
            }

            ProcessResult npm;
            try
            {
                npm = await ZhtpProcess.RunProgramAsync("npm", ["ci", "--no-audit", "--no-fund", "--prefix", ToolDirectory], null);
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new InvalidOperationException("Node.js and npm are needed for the @noble/hashes cross-check (apt-get install nodejs npm, as .ci/run does).", ex);
            }

            Assert.True(npm.ExitCode == 0 && File.Exists(marker), $"`npm ci` in {ToolDirectory} failed (exit {npm.ExitCode}); the test needs the npm package @noble/hashes. {npm.Error}");
        }
        finally
        {
            InstallLock.Release();
        }
    }
}
