using System.Buffers.Binary;
using Zhtp.Storage.Content.Compression;
using K4Level = K4os.Compression.LZ4.LZ4Level;
using K4Settings = K4os.Compression.LZ4.Streams.LZ4EncoderSettings;
using K4Stream = K4os.Compression.LZ4.Streams.LZ4Stream;
using K4XXH32 = K4os.Hash.xxHash.XXH32;

namespace Zhtp.Storage.Content.Tests.Compression;

/// <summary>
/// LZ4 frames exchanged with K4os.Compression.LZ4.Streams in both directions over every
/// combination of block size, linked/independent blocks, block checksum, content checksum and
/// content size. Our frames are also walked here and their header, block and content checksums
/// recomputed with K4os' xxHash32, since a decoder that skips a checksum would not notice a
/// wrong one.
/// </summary>
public class LZ4K4osFrameOracleTests
{
    private static readonly int[] BlockSizes = [64 * 1024, 256 * 1024, 1024 * 1024, 4 * 1024 * 1024];

    public static TheoryData<int, bool, bool, bool, bool> Options()
    {
        var data = new TheoryData<int, bool, bool, bool, bool>();
        foreach (int blockSize in BlockSizes)
        {
            foreach (bool chain in new[] { false, true })
            {
                foreach (bool blockChecksum in new[] { false, true })
                {
                    foreach (bool contentChecksum in new[] { false, true })
                    {
                        foreach (bool contentSize in new[] { false, true })
                        {
                            data.Add(blockSize, chain, blockChecksum, contentChecksum, contentSize);
                        }
                    }
                }
            }
        }

        return data;
    }

    /// <summary>K4os 1.3.8 cannot write a content size (its frame writer throws NotImplementedException), so that option is left out.</summary>
    public static TheoryData<int, bool, bool, bool> K4osOptions()
    {
        var data = new TheoryData<int, bool, bool, bool>();
        foreach (var row in Options())
        {
            if (!(bool)row[4])
            {
                data.Add((int)row[0], (bool)row[1], (bool)row[2], (bool)row[3]);
            }
        }

        return data;
    }

    public static TheoryData<int, bool> Levels() => new()
    {
        { 0, false }, { 0, true }, { 3, false }, { 3, true }, { 9, false }, { 9, true }, { 12, true },
    };

    [Theory]
    [MemberData(nameof(Options))]
    public void Encode_FramesDecodedByK4os_RoundTripBitExact(int blockSize, bool chain, bool blockChecksum, bool contentChecksum, bool contentSize)
    {
        foreach ((string name, byte[] input) in Inputs(blockSize))
        {
            LZ4EncoderSettings settings = LZ4FrameTests.MakeSettings(input.Length, blockSize, chain, blockChecksum, contentChecksum, contentSize, level: 0);
            byte[] frame = LZ4FrameTests.EncodeFrame(input, settings);
            VerifyFrameLayout(frame, input, settings, name);
            byte[] decoded = K4osDecode(frame);
            Assert.True(decoded.AsSpan().SequenceEqual(input), $"{name}: K4os decoded different content ({decoded.Length} of {input.Length} bytes)");
        }
    }

    [Theory]
    [MemberData(nameof(K4osOptions))]
    public void Decode_FramesWrittenByK4os_RoundTripBitExact(int blockSize, bool chain, bool blockChecksum, bool contentChecksum)
    {
        // K4os writes nothing at all (not even a frame header) for empty content, which our
        // decoder rejects as "no frame"; empty content is only tested in the other direction.
        foreach ((string name, byte[] input) in Inputs(blockSize).Where(i => i.Input.Length > 0))
        {
            var settings = new K4Settings
            {
                BlockSize = blockSize,
                ChainBlocks = chain,
                BlockChecksum = blockChecksum,
                ContentChecksum = contentChecksum,
                CompressionLevel = K4Level.L00_FAST,
            };
            byte[] frame = K4osEncode(input, settings);
            Assert.Equal(!chain, (frame[4] & 0x20) != 0);
            Assert.Equal(contentChecksum, (frame[4] & 0x04) != 0);
            Assert.Equal(blockChecksum, (frame[4] & 0x10) != 0);
            byte[] decoded = LZ4FrameTests.DecodeFrame(frame);
            Assert.True(decoded.AsSpan().SequenceEqual(input), $"{name}: we decoded different content ({decoded.Length} of {input.Length} bytes)");
        }
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void EncodeDecode_HcLevelsBothWays_RoundTripBitExact(int level, bool chain)
    {
        foreach ((string name, byte[] input) in Inputs(64 * 1024).Where(i => i.Input.Length > 0))
        {
            var ours = new LZ4EncoderSettings { ChainBlocks = chain, CompressionLevel = (LZ4Level)level, BlockChecksum = true };
            Assert.True(K4osDecode(LZ4FrameTests.EncodeFrame(input, ours)).AsSpan().SequenceEqual(input), $"{name}: our level {level} frame, K4os decode");

            var theirs = new K4Settings { ChainBlocks = chain, CompressionLevel = (K4Level)level, BlockChecksum = true, ContentChecksum = true };
            Assert.True(LZ4FrameTests.DecodeFrame(K4osEncode(input, theirs)).AsSpan().SequenceEqual(input), $"{name}: K4os level {level} frame, our decode");
        }
    }

    [Fact]
    public async Task EncoderStream_SmallWritesAndFlush_DecodedByK4os()
    {
        byte[] input = TestData.Mixed(50, 500_000);
        using var compressed = new MemoryStream();
        await using (Stream encoder = LZ4Stream.Encode(compressed, new LZ4EncoderSettings { ChainBlocks = true, BlockChecksum = true }, leaveOpen: true))
        {
            var random = new Random(51);
            int pos = 0;
            while (pos < input.Length)
            {
                int take = Math.Min(input.Length - pos, random.Next(1, 20_000));
                await encoder.WriteAsync(input.AsMemory(pos, take));
                if (random.Next(10) == 0)
                {
                    await encoder.FlushAsync();
                }

                pos += take;
            }
        }

        Assert.True(K4osDecode(compressed.ToArray()).AsSpan().SequenceEqual(input));
    }

    [Fact]
    public async Task DecoderStream_K4osFrameReadInSmallPieces_RoundTripBitExact()
    {
        byte[] input = TestData.Mixed(52, 700_000);
        byte[] frame = K4osEncode(input, new K4Settings { BlockSize = 256 * 1024, ChainBlocks = true, ContentChecksum = true, BlockChecksum = true });
        await using Stream decoder = LZ4Stream.Decode(new MemoryStream(frame));
        byte[] decoded = new byte[input.Length + 1];
        int total = 0;
        int n;
        while ((n = await decoder.ReadAsync(decoded.AsMemory(total, Math.Min(3333, decoded.Length - total)))) > 0)
        {
            total += n;
        }

        Assert.Equal(input.Length, total);
        Assert.True(decoded.AsSpan(0, total).SequenceEqual(input));
    }

    [Fact]
    public void Decode_K4osFrameWithCorruptContentChecksum_Throws()
    {
        // The K4os-to-us direction must be able to fail: flip a bit of K4os' content checksum.
        byte[] frame = K4osEncode(TestData.Compressible(53, 5000), new K4Settings { ContentChecksum = true });
        frame[^1] ^= 1;
        Assert.Throws<LZ4FormatException>(() => LZ4FrameTests.DecodeFrame(frame));
    }

    private static byte[] K4osEncode(byte[] input, K4Settings settings)
    {
        using var compressed = new MemoryStream();
        using (Stream encoder = K4Stream.Encode(compressed, settings, leaveOpen: true))
        {
            // Uneven writes so blocks are assembled across calls.
            int pos = 0;
            int step = 1;
            while (pos < input.Length)
            {
                int take = Math.Min(input.Length - pos, step);
                encoder.Write(input, pos, take);
                pos += take;
                step = (step * 7) + 13;
            }
        }

        return compressed.ToArray();
    }

    private static byte[] K4osDecode(byte[] frame)
    {
        using var decoder = K4Stream.Decode(new MemoryStream(frame), new K4os.Compression.LZ4.Streams.LZ4DecoderSettings());
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>
    /// Walks one of our frames: the descriptor flags and block size code must say what the
    /// settings asked for, and the header checksum, every block checksum and the content checksum
    /// must equal K4os' xxHash32 of the bytes they cover.
    /// </summary>
    private static void VerifyFrameLayout(byte[] frame, byte[] content, LZ4EncoderSettings settings, string name)
    {
        Assert.Equal(0x184D2204u, BinaryPrimitives.ReadUInt32LittleEndian(frame));
        byte flg = frame[4];
        Assert.Equal(0x40, flg & 0xC0);
        Assert.Equal(!settings.ChainBlocks, (flg & 0x20) != 0);
        Assert.Equal(settings.BlockChecksum, (flg & 0x10) != 0);
        Assert.Equal(settings.ContentLength.HasValue, (flg & 0x08) != 0);
        Assert.Equal(settings.ContentChecksum, (flg & 0x04) != 0);
        Assert.Equal(0, flg & 0x03);
        int code = (frame[5] >> 4) & 7;
        int blockMax = 1 << (8 + (2 * code));
        Assert.Equal(settings.BlockSize, blockMax);

        int pos = 6;
        if (settings.ContentLength is long length)
        {
            Assert.Equal((ulong)length, BinaryPrimitives.ReadUInt64LittleEndian(frame.AsSpan(pos)));
            pos += 8;
        }

        Assert.True((byte)(K4XXH32.DigestOf(frame.AsSpan(4, pos - 4)) >> 8) == frame[pos], $"{name}: header checksum");
        pos++;

        int blocks = 0;
        while (true)
        {
            uint word = BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(pos));
            pos += 4;
            if (word == 0)
            {
                break;
            }

            int size = (int)(word & 0x7FFFFFFF);
            Assert.True(size <= blockMax, $"{name}: block {blocks} holds {size} bytes, more than the {blockMax} maximum");
            if (settings.BlockChecksum)
            {
                uint stored = BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(pos + size));
                Assert.True(K4XXH32.DigestOf(frame.AsSpan(pos, size)) == stored, $"{name}: checksum of block {blocks}");
                pos += 4;
            }

            pos += size;
            blocks++;
        }

        Assert.Equal((content.Length + blockMax - 1) / blockMax, blocks);
        if (settings.ContentChecksum)
        {
            Assert.True(K4XXH32.DigestOf(content) == BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(pos)), $"{name}: content checksum");
            pos += 4;
        }

        Assert.Equal(frame.Length, pos);
    }

    /// <summary>Empty, tiny, and incompressible/compressible/mixed inputs straddling one and two blocks.</summary>
    private static IEnumerable<(string Name, byte[] Input)> Inputs(int blockSize) =>
    [
        ("empty", []),
        ("tiny", TestData.Compressible(blockSize + 1, 13)),
        ("random-block+1", TestData.Random(blockSize + 2, blockSize + 1)),
        ("text-block", TestData.Compressible(blockSize + 3, blockSize)),
        ("text-block-1", TestData.Compressible(blockSize + 4, blockSize - 1)),
        ("mixed-2blocks+7", TestData.Mixed(blockSize + 5, (2 * blockSize) + 7)),
    ];
}
