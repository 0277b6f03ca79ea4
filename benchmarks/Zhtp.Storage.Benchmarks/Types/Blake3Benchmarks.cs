using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Zhtp.Storage.Types.Blake3;

namespace Zhtp.Storage.Benchmarks.Types;

/// <summary>
/// BLAKE3 against hardware-accelerated <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/>
/// (the baseline: the Ratio column is BLAKE3 time over SHA-256 time, so below 1 means BLAKE3 is
/// faster) at 1 KiB, 64 KiB and 1 MiB, one thread, cache-warm input. Bytes per second = Size × Op/s.
/// Allocations must be zero.
/// </summary>
[BenchmarkCategory("Blake3")]
public class Blake3Benchmarks
{
    private readonly byte[] _output = new byte[32];
    private byte[] _input = [];
    private Hasher _hasher;

    /// <summary>Input size in bytes.</summary>
    [Params(1024, 64 * 1024, 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _input = new byte[Size];
        new Random(1).NextBytes(_input);
        _hasher = Hasher.New();
    }

    [Benchmark(Baseline = true)]
    public void Sha256_HashData() => SHA256.HashData(_input, _output);

    [Benchmark]
    public void Blake3_Hash() => Hasher.Hash(_input, _output);

    [Benchmark]
    public Hash Blake3_Incremental()
    {
        _hasher.Reset();
        _hasher.Update(_input);
        return _hasher.Finalize();
    }
}

/// <summary>BLAKE3 one-shot on 1 MiB on each SIMD path this CPU supports (forced per call).</summary>
[BenchmarkCategory("Blake3")]
public class Blake3PathBenchmarks
{
    private readonly byte[] _input = new byte[1024 * 1024];
    private readonly byte[] _output = new byte[32];
    private Blake3Path _path;

    /// <summary>The forced path: scalar, vector128, vector256 or vector512.</summary>
    [ParamsSource(nameof(SupportedPaths))]
    public string Path { get; set; } = "scalar";

    public static IEnumerable<string> SupportedPaths() =>
        Enum.GetValues<Blake3Path>().Where(p => p != Blake3Path.Auto && Blake3Simd.IsSupported(p)).Select(p => p.ToString().ToLowerInvariant());

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_input);
        _path = Enum.Parse<Blake3Path>(Path, ignoreCase: true);
    }

    [Benchmark]
    public void Hash_1MiB()
    {
        Blake3Simd.ForcedPath = _path;
        Hasher.Hash(_input, _output);
        Blake3Simd.ForcedPath = Blake3Path.Auto;
    }
}
