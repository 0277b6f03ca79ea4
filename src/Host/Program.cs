using System.CommandLine;
using System.Reflection;

namespace Zhtp.Storage.Host;

/// <summary>Entry point of the <c>zhtp</c> reference host.</summary>
internal static class Program
{
    private static Task<int> Main(string[] args) => BuildRoot().Parse(args).InvokeAsync();

    /// <summary>Builds the root command with every discovered sub-command (also used by tests).</summary>
    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand("zhtp — reference host for Zhtp.Storage: decentralized, economically incentivized storage.");
        var bench = new Command("bench", "Single-thread throughput benchmarks of the hot paths.");
        foreach (var type in typeof(Program).Assembly.GetTypes().Where(t => t is { IsAbstract: false, IsInterface: false }).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            if (typeof(IZhtpCommand).IsAssignableFrom(type))
            {
                root.Subcommands.Add(((IZhtpCommand)Activator.CreateInstance(type)!).Build());
            }
            else if (typeof(IBenchCommand).IsAssignableFrom(type))
            {
                bench.Subcommands.Add(((IBenchCommand)Activator.CreateInstance(type)!).Build());
            }
        }

        if (bench.Subcommands.Count > 0)
        {
            root.Subcommands.Add(bench);
        }

        return root;
    }

    /// <summary>The informational version printed by <c>zhtp --version</c>.</summary>
    internal static string Version =>
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
