using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Blake3;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Benchmarks.Types;

/// <summary>
/// BLAKE3 from the <c>Blake3</c> package against hardware-accelerated
/// <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/> (the baseline: the Ratio column is
/// BLAKE3 time over SHA-256 time, so below 1 means BLAKE3 is faster) at 1 KiB, 64 KiB and 1 MiB,
/// one thread, cache-warm input. Bytes per second = Size × Op/s. The one-shot hash allocates
/// nothing; the keyed hash (the DHT's datagram MAC) allocates one package hasher per call.
/// </summary>
[BenchmarkCategory("Blake3")]
public class Blake3Benchmarks
{
    private readonly byte[] _output = new byte[32];
    private readonly byte[] _key = new byte[32];
    private byte[] _input = [];
    private Hasher _hasher = null!;

    /// <summary>Input size in bytes.</summary>
    [Params(1024, 64 * 1024, 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _input = new byte[Size];
        new Random(1).NextBytes(_input);
        _key[0] = 1;
        _hasher = Hasher.New();
    }

    [GlobalCleanup]
    public void Cleanup() => _hasher.Dispose();

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

    [Benchmark]
    public void Blake3_KeyedMac() => Blake3Hashing.KeyedHash(_key, _input, _output);
}
