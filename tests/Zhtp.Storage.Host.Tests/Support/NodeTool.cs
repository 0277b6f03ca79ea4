namespace Zhtp.Storage.Host.Tests;

/// <summary>
/// A node script under tools/NAME with pinned npm packages: installs them with <c>npm ci</c> when
/// node_modules lacks <see cref="_markerPackage"/>, then runs the script; fails with a message
/// saying what to install when node or npm is missing.
/// </summary>
internal sealed class NodeTool(string directoryName, string script, string markerPackage)
{
    private readonly SemaphoreSlim _installLock = new(1, 1);
    private readonly string _markerPackage = markerPackage;

    private string ToolDirectory => Path.Combine(ZhtpProcess.RepositoryRoot, "tools", directoryName);

    public async Task<ProcessResult> RunAsync(string[] args, byte[]? stdin)
    {
        await EnsureInstalledAsync();
        return await ZhtpProcess.RunProgramAsync("node", [Path.Combine(ToolDirectory, script), .. args], stdin);
    }

    private async Task EnsureInstalledAsync()
    {
        await _installLock.WaitAsync();
        try
        {
            string marker = Path.Combine(ToolDirectory, "node_modules", _markerPackage, "package.json");
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
                throw new InvalidOperationException($"Node.js and npm are needed for the {_markerPackage} cross-check (apt-get install nodejs npm, as .ci/run does).", ex);
            }

            Assert.True(npm.ExitCode == 0 && File.Exists(marker), $"`npm ci` in {ToolDirectory} failed (exit {npm.ExitCode}); the test needs the npm package {_markerPackage}. {npm.Error}");
        }
        finally
        {
            _installLock.Release();
        }
    }
}
