using BenchmarkDotNet.Attributes;
using Zhtp.Storage.Erasure;

namespace Zhtp.Storage.Benchmarks.Erasure;

/// <summary>
/// Reed-Solomon encode and reconstruct (data shards 0 and 2 lost, as in the ISA-L anchor) on
/// cache-warm reused shards, one thread. Data bytes per operation = k × shard size (4+2 at 1 MiB:
/// 4 MiB, so 1 000 op/s = 4.19 GB/s). Allocations must be zero.
/// </summary>
[BenchmarkCategory("Erasure")]
public class ReedSolomonBenchmarks
{
    private Stripe _small4x2 = null!;
    private Stripe _large4x2 = null!;
    private Stripe _large10x4 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _small4x2 = new Stripe(4, 2, 64 * 1024);
        _large4x2 = new Stripe(4, 2, 1024 * 1024);
        _large10x4 = new Stripe(10, 4, 1024 * 1024);
    }

    [Benchmark]
    public void Encode_4x2_64KiB() => _small4x2.Encode();

    [Benchmark]
    public void Encode_4x2_1MiB() => _large4x2.Encode();

    [Benchmark]
    public void Reconstruct_4x2_64KiB() => _small4x2.Reconstruct();

    [Benchmark]
    public void Reconstruct_4x2_1MiB() => _large4x2.Reconstruct();

    [Benchmark]
    public void Encode_10x4_1MiB() => _large10x4.Encode();

    [Benchmark]
    public void Reconstruct_10x4_1MiB() => _large10x4.Reconstruct();

    /// <summary>One stripe of shards with random data, encoded once.</summary>
    internal sealed class Stripe
    {
        private readonly ReedSolomonCodec _codec;
        private readonly Memory<byte>[] _shards;
        private readonly ReadOnlyMemory<byte>[] _data;
        private readonly ShardMask _present;

        public Stripe(int dataShards, int parityShards, int shardBytes)
        {
            _codec = ReedSolomon.Create(dataShards, parityShards);
            var random = new Random(1);
            _shards = new Memory<byte>[dataShards + parityShards];
            _data = new ReadOnlyMemory<byte>[dataShards];
            for (int i = 0; i < _shards.Length; i++)
            {
                var bytes = GC.AllocateArray<byte>(shardBytes, pinned: true);
                random.NextBytes(bytes);
                _shards[i] = bytes;
                if (i < dataShards)
                {
                    _data[i] = bytes;
                }
            }

            _present = ShardMask.All(_shards.Length).Without(0).Without(2);
            Encode();
        }

        public void Encode() => _codec.Encode(_data, _shards.AsSpan(_data.Length));

        public void Reconstruct() => _codec.Reconstruct(_shards, _present);
    }
}
