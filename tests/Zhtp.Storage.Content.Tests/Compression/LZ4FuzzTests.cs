using System.Buffers;
using Zhtp.Storage.Content.Compression;

namespace Zhtp.Storage.Content.Tests.Compression;

/// <summary>
/// Mutated blocks and frames into the decoders (fixed seeds): the only failure allowed is
/// <see cref="LZ4FormatException"/>, writes stay inside the target (canaries around it), and
/// allocation stays bounded.
/// </summary>
[Collection(LZ4PathCollection.Name)]
public class LZ4FuzzTests
{
    private const int Canary = 64;

    [Fact]
    public void DecodeBlock_60kMutatedBlocks_OnlyTypedErrors() => FuzzBlocks(seed: 1, iterations: 60_000);

    [Fact]
    public void DecodeFrame_50kMutatedFrames_OnlyTypedErrors() => FuzzFrames(seed: 2, iterations: 50_000);

    [Fact]
    [Trait("Category", "Soak")]
    public void DecodeBlock_MillionsOfMutatedBlocks_OnlyTypedErrors() => FuzzBlocks(seed: 3, iterations: 3_000_000);

    [Fact]
    [Trait("Category", "Soak")]
    public void DecodeFrame_MillionsOfMutatedFrames_OnlyTypedErrors() => FuzzFrames(seed: 4, iterations: 2_000_000);

    private static void FuzzBlocks(int seed, int iterations)
    {
        var random = new Random(seed);
        List<(byte[] Block, int Length)> seeds = [];
        foreach (int size in new[] { 20, 100, 700, 3000 })
        {
            foreach (LZ4Level level in new[] { LZ4Level.L00_FAST, LZ4Level.L09_HC })
            {
                foreach (byte[] input in new[] { TestData.Mixed(size, size), TestData.Compressible(size, size), new byte[size] })
                {
                    var block = new byte[LZ4Codec.MaximumOutputSize(size)];
                    int n = LZ4Codec.Encode(input, block, level);
                    seeds.Add((block[..n], size));
                }
            }
        }

        var target = new byte[4000 + (2 * Canary)];
        var mutated = new byte[8000];
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        int errors = 0;
        for (int i = 0; i < iterations; i++)
        {
            (byte[] block, int length) = seeds[random.Next(seeds.Count)];
            int mutatedLength = Mutate(random, block, mutated);
            int capacity = Math.Clamp(length + random.Next(-8, 64), 0, 4000);
            target.AsSpan().Fill(0xC3);
            LZ4Accelerations.Forced = (i & 1) == 0 ? LZ4CopyPath.Scalar : LZ4CopyPath.Vector128;
            try
            {
                int n = LZ4Codec.Decode(mutated.AsSpan(0, mutatedLength), target.AsSpan(Canary, capacity));
                Assert.InRange(n, 0, capacity);
            }
            catch (LZ4FormatException)
            {
                errors++;
            }
            finally
            {
                LZ4Accelerations.Forced = LZ4CopyPath.Auto;
            }

            AssertCanaries(target, capacity);
        }

        Assert.True(errors > iterations / 10, $"only {errors} of {iterations} mutated blocks were rejected: the mutations are too weak");
        AssertBoundedAllocation(allocatedBefore, iterations);
    }

    private static void FuzzFrames(int seed, int iterations)
    {
        var random = new Random(seed);
        List<byte[]> seeds = [];
        foreach (bool chain in new[] { false, true })
        {
            foreach (int size in new[] { 0, 300, 5000 })
            {
                byte[] input = TestData.Mixed(size + 7, size);
                seeds.Add(LZ4FrameTests.EncodeFrame(input, new LZ4EncoderSettings { ChainBlocks = chain, BlockChecksum = size == 300, ContentLength = chain ? size : null }));
                seeds.Add(LZ4FrameTests.EncodeFrame(input, new LZ4EncoderSettings { ChainBlocks = chain, ContentChecksum = false, CompressionLevel = LZ4Level.L09_HC }));
            }
        }

        // Small blocks so that linked frames really have several blocks.
        using (var encoder = new LZ4FrameEncoder(new LZ4EncoderSettings { ChainBlocks = true, ContentChecksum = false }))
        {
            var writer = new ArrayBufferWriter<byte>();
            byte[] input = TestData.Compressible(5, 2000);
            for (int i = 0; i < 4; i++)
            {
                encoder.Append(input.AsSpan(i * 500, 500));
                writer.Write(encoder.FlushBlock().Span);
            }

            writer.Write(encoder.Finish().Span);
            seeds.Add(writer.WrittenSpan.ToArray());
        }

        var mutated = new byte[16_000];
        var sink = new DiscardingWriter();
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        int errors = 0;
        for (int i = 0; i < iterations; i++)
        {
            // Some frames without content checksum get through mutation intact-looking: fine.
            int mutatedLength = Mutate(random, seeds[random.Next(seeds.Count)], mutated);
            try
            {
                LZ4Frame.Decode(mutated.AsSpan(0, mutatedLength), sink);
            }
            catch (LZ4FormatException)
            {
                errors++;
            }
        }

        Assert.True(errors > iterations / 2, $"only {errors} of {iterations} mutated frames were rejected");
        AssertBoundedAllocation(allocatedBefore, iterations);
    }

    /// <summary>Copies <paramref name="source"/> into <paramref name="target"/> with 1..4 random mutations; returns the length.</summary>
    private static int Mutate(Random random, byte[] source, byte[] target)
    {
        source.CopyTo(target, 0);
        int length = source.Length;
        int mutations = random.Next(1, 5);
        for (int m = 0; m < mutations && length > 0; m++)
        {
            int at = random.Next(length);
            switch (random.Next(6))
            {
                case 0:
                    target[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    target[at] = (byte)random.Next(256);
                    break;
                case 2:
                    target[at] = random.Next(2) == 0 ? (byte)0xFF : (byte)0;
                    break;
                case 3:
                    length = at;
                    break;
                case 4:
                    int insert = Math.Min(random.Next(1, 16), target.Length - length);
                    Array.Copy(target, at, target, at + insert, length - at);
                    random.NextBytes(target.AsSpan(at, insert));
                    length += insert;
                    break;
                default:
                    int remove = Math.Min(random.Next(1, 16), length - at);
                    Array.Copy(target, at + remove, target, at, length - at - remove);
                    length -= remove;
                    break;
            }
        }

        return length;
    }

    private static void AssertCanaries(byte[] target, int capacity)
    {
        for (int i = 0; i < Canary; i++)
        {
            if (target[i] != 0xC3 || target[Canary + capacity + i] != 0xC3)
            {
                Assert.Fail($"decoder wrote outside its target (capacity {capacity})");
            }
        }
    }

    private static void AssertBoundedAllocation(long before, int iterations)
    {
        // Exceptions (object, message, stack trace) dominate; decoding itself is pooled.
        long perIteration = (GC.GetAllocatedBytesForCurrentThread() - before) / iterations;
        Assert.True(perIteration < 8 * 1024, $"{perIteration} bytes allocated per decoded input");
    }

    /// <summary>An output sink that reuses one buffer: the fuzz checks failures, not content.</summary>
    private sealed class DiscardingWriter : IBufferWriter<byte>
    {
        private byte[] _buffer = new byte[64 * 1024];

        public void Advance(int count)
        {
        }

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            if (_buffer.Length < sizeHint)
            {
                _buffer = new byte[sizeHint];
            }

            return _buffer;
        }

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}
