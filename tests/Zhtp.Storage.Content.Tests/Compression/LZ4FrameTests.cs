using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Zhtp.Storage.Content.Compression;

namespace Zhtp.Storage.Content.Tests.Compression;

public class LZ4FrameTests
{
    public static TheoryData<int, bool, bool, bool, bool, int> Settings() => new()
    {
        // blockSize, chain, blockChecksum, contentChecksum, contentSize, level
        { 64 * 1024, false, false, true, false, 0 },
        { 64 * 1024, true, true, true, true, 0 },
        { 256 * 1024, true, false, false, true, 9 },
        { 1024 * 1024, false, true, false, false, 3 },
        { 4 * 1024 * 1024, true, true, true, true, 0 },
        { 64 * 1024, true, false, true, false, 12 },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void EncodeDecode_AllOptionCombinations_RoundTrips(int blockSize, bool chain, bool blockChecksum, bool contentChecksum, bool contentSize, int level)
    {
        foreach (byte[] input in Inputs())
        {
            byte[] frame = EncodeFrame(input, MakeSettings(input.Length, blockSize, chain, blockChecksum, contentChecksum, contentSize, level));
            Assert.True(DecodeFrame(frame).AsSpan().SequenceEqual(input));
        }
    }

    [Fact]
    public void Encode_LinkedBlocks_CompressBetterThanIndependentOnSmallBlocks()
    {
        byte[] input = TestData.Compressible(9, 600_000);
        int independent = EncodeFrame(input, new LZ4EncoderSettings()).Length;
        int linked = EncodeFrame(input, new LZ4EncoderSettings { ChainBlocks = true }).Length;
        Assert.True(linked < independent, $"linked {linked} vs independent {independent}");
    }

    [Fact]
    public void Encode_IncompressibleInput_StoresUncompressedBlocks()
    {
        byte[] input = TestData.Random(1, 200_000);
        byte[] frame = EncodeFrame(input, new LZ4EncoderSettings { ContentChecksum = false });
        uint firstBlock = BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(7));
        Assert.Equal(0x80000000u | 65536u, firstBlock);
        Assert.True(frame.Length <= input.Length + 7 + (4 * 5));
    }

    [Fact]
    public void Decode_ConcatenatedAndSkippableFrames_JoinsContent()
    {
        byte[] a = TestData.Compressible(2, 70_000);
        byte[] b = TestData.Mixed(3, 1000);
        byte[] skippable = [0x5A, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 1, 2, 3];
        byte[] joined = [.. skippable, .. EncodeFrame(a, new LZ4EncoderSettings()), .. skippable, .. EncodeFrame(b, new LZ4EncoderSettings { ChainBlocks = true }), .. skippable];
        Assert.True(DecodeFrame(joined).AsSpan().SequenceEqual([.. a, .. b]));
    }

    [Fact]
    public void Decode_ByteAtATime_RoundTrips()
    {
        byte[] input = TestData.Mixed(4, 150_000);
        byte[] frame = EncodeFrame(input, new LZ4EncoderSettings { ChainBlocks = true, BlockChecksum = true, ContentLength = input.Length });
        using var decoder = new LZ4FrameDecoder();
        var output = new ArrayBufferWriter<byte>();
        foreach (byte b in frame)
        {
            ReadOnlySpan<byte> one = [b];
            while (!one.IsEmpty)
            {
                one = one[decoder.Decode(one, out ReadOnlyMemory<byte> block)..];
                output.Write(block.Span);
            }
        }

        decoder.Complete();
        Assert.True(output.WrittenSpan.SequenceEqual(input));
    }

    [Fact]
    public void Decode_CorruptHeaderChecksum_Throws()
    {
        byte[] frame = EncodeFrame(TestData.Compressible(5, 1000), new LZ4EncoderSettings());
        frame[6] ^= 1;
        var ex = Assert.Throws<LZ4FormatException>(() => DecodeFrame(frame));
        Assert.Contains("header checksum", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_CorruptBlockWithBlockChecksum_ThrowsChecksumError()
    {
        byte[] frame = EncodeFrame(TestData.Compressible(5, 1000), new LZ4EncoderSettings { BlockChecksum = true });
        frame[12] ^= 0x40;
        var ex = Assert.Throws<LZ4FormatException>(() => DecodeFrame(frame));
        Assert.Contains("block checksum", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_CorruptContentChecksum_Throws()
    {
        byte[] frame = EncodeFrame(TestData.Compressible(5, 1000), new LZ4EncoderSettings());
        frame[^1] ^= 1;
        var ex = Assert.Throws<LZ4FormatException>(() => DecodeFrame(frame));
        Assert.Contains("content checksum", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Truncated_ThrowsAtEveryCut()
    {
        byte[] frame = EncodeFrame(TestData.Mixed(6, 3000), new LZ4EncoderSettings());
        for (int cut = 0; cut < frame.Length; cut++)
        {
            Assert.Throws<LZ4FormatException>(() => DecodeFrame(frame[..cut]));
        }
    }

    [Fact]
    public void Decode_BadMagic_ThrowsWithMagicInMessage()
    {
        var ex = Assert.Throws<LZ4FormatException>(() => DecodeFrame([1, 2, 3, 4, 5, 6, 7, 8]));
        Assert.Contains("0x04030201", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_ContentLengthMismatch_ThrowsInvalidOperation()
    {
        using var encoder = new LZ4FrameEncoder(new LZ4EncoderSettings { ContentLength = 10 });
        encoder.Append(new byte[5]);
        Assert.Throws<InvalidOperationException>(() => encoder.Finish());
    }

    [Fact]
    public void Decode_ContentSizeFieldWrong_Throws()
    {
        byte[] input = TestData.Compressible(8, 1000);
        using var encoder = new LZ4FrameEncoder(new LZ4EncoderSettings { ContentLength = 1000, ContentChecksum = false });
        encoder.Append(input);
        byte[] frame = encoder.Finish().ToArray();
        // Rewrite the content size to 999 and fix the header checksum.
        BinaryPrimitives.WriteUInt64LittleEndian(frame.AsSpan(6), 999);
        frame[14] = (byte)(System.IO.Hashing.XxHash32.HashToUInt32(frame.AsSpan(4, 10)) >> 8);
        var ex = Assert.Throws<LZ4FormatException>(() => DecodeFrame(frame));
        Assert.Contains("999", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_BlockSizeOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LZ4FrameEncoder(new LZ4EncoderSettings { BlockSize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LZ4FrameEncoder(new LZ4EncoderSettings { BlockSize = (4 << 20) + 1 }));
    }

    [Fact]
    public void Settings_OddBlockSize_RoundsUp()
    {
        using var encoder = new LZ4FrameEncoder(new LZ4EncoderSettings { BlockSize = 100_000 });
        Assert.Equal(256 * 1024, encoder.BlockSize);
    }

    [Fact]
    public async Task Stream_WriteInChunksReadInChunks_RoundTrips()
    {
        byte[] input = TestData.Mixed(10, 500_000);
        var compressed = new MemoryStream();
        await using (Stream encoder = LZ4Stream.Encode(compressed, new LZ4EncoderSettings { ChainBlocks = true }, leaveOpen: true))
        {
            for (int pos = 0; pos < input.Length; pos += 9999)
            {
                await encoder.WriteAsync(input.AsMemory(pos, Math.Min(9999, input.Length - pos)));
            }
        }

        compressed.Position = 0;
        using Stream decoder = LZ4Stream.Decode(compressed);
        var output = new MemoryStream();
        var chunk = new byte[777];
        int n;
        while ((n = decoder.Read(chunk, 0, chunk.Length)) > 0)
        {
            output.Write(chunk, 0, n);
        }

        Assert.True(output.ToArray().AsSpan().SequenceEqual(input));
    }

    [Fact]
    public async Task Stream_SyncEncodeAsyncDecode_RoundTrips()
    {
        byte[] input = TestData.Compressible(12, 300_000);
        var compressed = new MemoryStream();
        using (Stream encoder = LZ4Stream.Encode(compressed, new LZ4EncoderSettings { BlockSize = 256 * 1024 }, leaveOpen: true))
        {
            encoder.Write(input);
            encoder.Flush();
        }

        compressed.Position = 0;
        using Stream decoder = LZ4Stream.Decode(compressed);
        var output = new MemoryStream();
        await decoder.CopyToAsync(output);
        Assert.True(output.ToArray().AsSpan().SequenceEqual(input));
    }

    [Fact]
    public void Stream_EmptyInput_ThrowsOnRead()
    {
        using Stream decoder = LZ4Stream.Decode(new MemoryStream());
        Assert.Throws<LZ4FormatException>(() => decoder.ReadByte());
    }

    [Fact]
    public async Task Pipe_CompressThenDecompress_RoundTrips()
    {
        byte[] input = TestData.Mixed(13, 700_000);
        var compressed = new Pipe();
        var plain = new Pipe();
        var output = new Pipe();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        Task feed = Task.Run(async () =>
        {
            for (int pos = 0; pos < input.Length; pos += 50_000)
            {
                await plain.Writer.WriteAsync(input.AsMemory(pos, Math.Min(50_000, input.Length - pos)), cts.Token);
            }

            await plain.Writer.CompleteAsync();
        });
        Task compress = Task.Run(async () =>
        {
            await LZ4Pipe.CompressAsync(plain.Reader, compressed.Writer, new LZ4EncoderSettings { ChainBlocks = true, BlockChecksum = true }, cts.Token);
            await plain.Reader.CompleteAsync();
            await compressed.Writer.CompleteAsync();
        });
        Task decompress = Task.Run(async () =>
        {
            await LZ4Pipe.DecompressAsync(compressed.Reader, output.Writer, cts.Token);
            await compressed.Reader.CompleteAsync();
            await output.Writer.CompleteAsync();
        });

        var result = new MemoryStream();
        await output.Reader.CopyToAsync(result, cts.Token);
        await Task.WhenAll(feed, compress, decompress);
        Assert.True(result.ToArray().AsSpan().SequenceEqual(input));
    }

    internal static LZ4EncoderSettings MakeSettings(int length, int blockSize, bool chain, bool blockChecksum, bool contentChecksum, bool contentSize, int level) => new()
    {
        BlockSize = blockSize,
        ChainBlocks = chain,
        BlockChecksum = blockChecksum,
        ContentChecksum = contentChecksum,
        ContentLength = contentSize ? length : null,
        CompressionLevel = (LZ4Level)level,
    };

    internal static byte[] EncodeFrame(byte[] input, LZ4EncoderSettings settings)
    {
        var writer = new ArrayBufferWriter<byte>();
        long n = LZ4Frame.Encode(input, writer, settings);
        Assert.Equal(writer.WrittenCount, n);
        return writer.WrittenSpan.ToArray();
    }

    internal static byte[] DecodeFrame(byte[] frame)
    {
        var writer = new ArrayBufferWriter<byte>();
        LZ4Frame.Decode(frame, writer);
        return writer.WrittenSpan.ToArray();
    }

    private static IEnumerable<byte[]> Inputs() =>
    [
        [],
        TestData.Compressible(1, 100),
        TestData.Random(2, 70_000),
        TestData.Compressible(3, 300_000),
        TestData.Mixed(4, 1_100_000),
    ];
}
