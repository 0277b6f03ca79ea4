using Zhtp.Storage.Content.Compression;

namespace Zhtp.Storage.Content.Tests.Compression;

[Collection(LZ4PathCollection.Name)]
public class LZ4CodecTests
{
    public static TheoryData<LZ4Level, bool> LevelsAndPaths()
    {
        var data = new TheoryData<LZ4Level, bool>();
        foreach (LZ4Level level in new[] { LZ4Level.L00_FAST, LZ4Level.L03_HC, LZ4Level.L09_HC, LZ4Level.L12_MAX })
        {
            data.Add(level, false);
            data.Add(level, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LevelsAndPaths))]
    public void EncodeDecode_ManyShapesAndSizes_RoundTrips(LZ4Level level, bool vector)
    {
        LZ4Accelerations.Forced = vector ? LZ4CopyPath.Vector128 : LZ4CopyPath.Scalar;
        try
        {
            int[] sizes = [0, 1, 4, 5, 12, 13, 14, 15, 16, 17, 31, 64, 100, 255, 256, 1000, 4096, 65535, 65536, 65547, 65548, 70000, 300_000];
            foreach (int size in sizes)
            {
                foreach (byte[] input in new[] { TestData.Random(size, size), TestData.Compressible(size, size), TestData.Mixed(size, size), new byte[size] })
                {
                    AssertRoundTrip(input, level);
                }
            }
        }
        finally
        {
            LZ4Accelerations.Forced = LZ4CopyPath.Auto;
        }
    }

    [Fact]
    public void Encode_CompressibleInput_CompressesAndHigherLevelsAreDenser()
    {
        byte[] input = TestData.Compressible(1, 200_000);
        int fast = EncodedLength(input, LZ4Level.L00_FAST);
        int hc = EncodedLength(input, LZ4Level.L09_HC);
        Assert.True(fast < input.Length / 2, $"fast level gave {fast} bytes for {input.Length}");
        Assert.True(hc < fast, $"L09_HC gave {hc} bytes, fast gave {fast}");
    }

    [Fact]
    public void Encode_TargetTooSmall_ReturnsMinusOne()
    {
        byte[] input = TestData.Random(2, 1000);
        Assert.Equal(-1, LZ4Codec.Encode(input, new byte[500]));
        Assert.Equal(-1, LZ4Codec.Encode(input, new byte[500], LZ4Level.L09_HC));
        Assert.Equal(-1, LZ4Codec.Encode(input, Span<byte>.Empty));
    }

    [Fact]
    public void Encode_EveryTargetLength_NeverWritesPastTarget()
    {
        byte[] input = TestData.Mixed(3, 3000);
        int full = EncodedLength(input, LZ4Level.L00_FAST);
        var buffer = new byte[full + 64];
        for (int capacity = 0; capacity <= full; capacity += 7)
        {
            buffer.AsSpan().Fill(0xA5);
            int written = LZ4Codec.Encode(input, buffer.AsSpan(0, capacity));
            Assert.True(written == -1 || written <= capacity);
            Assert.All(buffer.AsSpan(capacity).ToArray(), b => Assert.Equal(0xA5, b));
        }
    }

    [Fact]
    public void Encode_TargetOfMaximumOutputSize_NeverWritesPastIt()
    {
        var random = new Random(8);
        for (int i = 0; i < 300; i++)
        {
            int size = random.Next(0, 70_000);
            byte[] input = (i % 3) switch
            {
                0 => TestData.Random(i, size),
                1 => TestData.Mixed(i, size),
                _ => TestData.Compressible(i, size),
            };
            int bound = LZ4Codec.MaximumOutputSize(size);
            var buffer = new byte[bound + 64];
            buffer.AsSpan(bound).Fill(0xA5);
            int written = LZ4Codec.Encode(input, buffer.AsSpan(0, bound), (i & 1) == 0 ? LZ4Level.L00_FAST : LZ4Level.L03_HC);
            Assert.InRange(written, 1, bound);
            Assert.All(buffer.AsSpan(bound).ToArray(), b => Assert.Equal(0xA5, b));
        }
    }

    [Fact]
    public void MaximumOutputSize_Negative_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LZ4Codec.MaximumOutputSize(-1));
        Assert.Equal(16, LZ4Codec.MaximumOutputSize(0));
        Assert.Equal(1000 + 3 + 16, LZ4Codec.MaximumOutputSize(1000));
    }

    [Fact]
    public void Decode_EmptyBlock_ThrowsFormatException()
    {
        Assert.Throws<LZ4FormatException>(() => LZ4Codec.Decode(ReadOnlySpan<byte>.Empty, new byte[10]));
    }

    [Fact]
    public void Decode_EmptyTarget_DecodesEmptyBlockAndRejectsOthers()
    {
        Assert.Equal(0, LZ4Codec.Decode([0x00], Span<byte>.Empty));
        Assert.Throws<LZ4FormatException>(() => LZ4Codec.Decode([0x10, (byte)'x'], Span<byte>.Empty));
        Assert.Throws<LZ4FormatException>(() => LZ4Codec.Decode([0x0F, 0x01, 0x00, 0xFF, 0x10], default));
        byte[] block = Encode(TestData.Compressible(1, 5000), LZ4Level.L00_FAST);
        Assert.Throws<LZ4FormatException>(() => LZ4Codec.Decode(block, Span<byte>.Empty));
    }

    [Fact]
    public void Decode_ZeroOffset_ThrowsFormatException()
    {
        // token: 1 literal, match length 4; literal 'x'; offset 0; then a final token.
        byte[] block = [0x10, (byte)'x', 0x00, 0x00, 0x00];
        var ex = Assert.Throws<LZ4FormatException>(() => LZ4Codec.Decode(block, new byte[64]));
        Assert.Contains("offset", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_OffsetBeforeStart_ThrowsFormatException()
    {
        byte[] block = [0x10, (byte)'x', 0x02, 0x00, 0x00];
        Assert.Throws<LZ4FormatException>(() => LZ4Codec.Decode(block, new byte[64]));
    }

    [Fact]
    public void Decode_TargetTooSmall_ThrowsFormatException()
    {
        byte[] input = TestData.Compressible(4, 5000);
        byte[] block = Encode(input, LZ4Level.L00_FAST);
        Assert.Throws<LZ4FormatException>(() => LZ4Codec.Decode(block, new byte[4999]));
    }

    [Fact]
    public void Decode_EveryTruncation_ThrowsFormatExceptionOrDecodesShorter()
    {
        byte[] input = TestData.Mixed(5, 4000);
        byte[] block = Encode(input, LZ4Level.L00_FAST);
        var target = new byte[input.Length];
        for (int cut = 1; cut < block.Length; cut++)
        {
            try
            {
                int n = LZ4Codec.Decode(block.AsSpan(0, cut), target);
                Assert.True(n < input.Length);
            }
            catch (LZ4FormatException)
            {
            }
        }
    }

    [Fact]
    public void Decode_SliceOfLargerBuffer_LeavesBytesAroundTargetAlone()
    {
        byte[] input = TestData.Mixed(6, 20_000);
        byte[] block = Encode(input, LZ4Level.L00_FAST);
        var buffer = new byte[input.Length + 128];
        buffer.AsSpan().Fill(0x5A);
        int n = LZ4Codec.Decode(block, buffer.AsSpan(64, input.Length));
        Assert.Equal(input.Length, n);
        Assert.True(buffer.AsSpan(64, n).SequenceEqual(input));
        Assert.All(buffer.AsSpan(0, 64).ToArray(), b => Assert.Equal(0x5A, b));
        Assert.All(buffer.AsSpan(64 + input.Length).ToArray(), b => Assert.Equal(0x5A, b));
    }

    private static void AssertRoundTrip(byte[] input, LZ4Level level)
    {
        byte[] block = Encode(input, level);
        var output = new byte[input.Length];
        int n = LZ4Codec.Decode(block, output);
        Assert.Equal(input.Length, n);
        Assert.True(input.AsSpan().SequenceEqual(output), $"round trip differs at level {level}, length {input.Length}");
    }

    private static byte[] Encode(byte[] input, LZ4Level level)
    {
        var target = new byte[LZ4Codec.MaximumOutputSize(input.Length)];
        int n = LZ4Codec.Encode(input, target, level);
        Assert.True(n > 0);
        return target[..n];
    }

    private static int EncodedLength(byte[] input, LZ4Level level) => Encode(input, level).Length;
}

/// <summary>Tests that set <see cref="LZ4Accelerations.Forced"/> must not run in parallel with each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public class LZ4PathCollection
{
    public const string Name = "LZ4 copy path";
}
