using BenchmarkDotNet.Running;

namespace Zhtp.Storage.Benchmarks;

/// <summary>
/// Runs the BenchmarkDotNet suites. Folders mirror the packages (Types/, Erasure/, Dht/, Content/);
/// pick suites with <c>--filter</c>, e.g. <c>dotnet run -c Release --project benchmarks/Zhtp.Storage.Benchmarks -- --filter '*Blake3*'</c>.
/// </summary>
public static class Program
{
    /// <summary>Entry point: hands the arguments to BenchmarkSwitcher.</summary>
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, BenchmarkConfig.Default);
}
