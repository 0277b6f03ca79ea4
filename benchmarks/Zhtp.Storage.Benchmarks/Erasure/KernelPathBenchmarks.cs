using BenchmarkDotNet.Attributes;
using Zhtp.Storage.Erasure.Kernels;

namespace Zhtp.Storage.Benchmarks.Erasure;

/// <summary>
/// 4+2 encode at 1 MiB shards on each kernel path the CPU supports (4 MiB of data per operation),
/// to show what each instruction set is worth. Unsupported paths are skipped at setup.
/// </summary>
[BenchmarkCategory("Erasure")]
public class KernelPathBenchmarks
{
    private ReedSolomonBenchmarks.Stripe _stripe = null!;

    [ParamsSource(nameof(SupportedPaths))]
    public string Path { get; set; } = nameof(KernelPath.Scalar);

    public static IEnumerable<string> SupportedPaths() =>
        Enum.GetValues<KernelPath>().Where(GaloisKernels.IsSupported).Select(p => p.ToString());

    [GlobalSetup]
    public void Setup()
    {
        GaloisKernels.ForcedPath = Enum.Parse<KernelPath>(Path);
        _stripe = new ReedSolomonBenchmarks.Stripe(4, 2, 1024 * 1024);
    }

    [GlobalCleanup]
    public void Cleanup() => GaloisKernels.ForcedPath = null;

    [Benchmark]
    public void Encode_4x2_1MiB() => _stripe.Encode();
}
