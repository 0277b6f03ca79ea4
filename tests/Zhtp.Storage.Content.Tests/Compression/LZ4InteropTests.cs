using System.Buffers.Binary;
using Zhtp.Storage.Content.Compression;

namespace Zhtp.Storage.Content.Tests.Compression;

/// <summary>Frames exchanged with the reference lz4 command in both directions, bit-exact content.</summary>
public class LZ4InteropTests
{
    public static TheoryData<string> CliOptions() =>
    [
        "-1", "-9", "-12", "--no-frame-crc", "-BD", "-B4", "-B5", "-B6", "-B7", "--content-size", "-BX",
        "-BD -BX -B4 --content-size", "-9 -BD -B5", "-12 -BD -BX --no-frame-crc", "--fast=3",
    ];

    [Theory]
    [MemberData(nameof(CliOptions))]
    public async Task Decode_FramesWrittenByLz4Cli_RoundTripBitExact(string options)
    {
        using var dir = new TempDir();
        foreach ((string name, byte[] input) in Inputs())
        {
            string source = dir.File(name);
            string compressed = source + ".lz4";
            await File.WriteAllBytesAsync(source, input);
            await Lz4Cli.RunAsync([.. options.Split(' '), "-q", "-f", source, compressed]);
            byte[] decoded = LZ4FrameTests.DecodeFrame(await File.ReadAllBytesAsync(compressed));
            Assert.True(decoded.AsSpan().SequenceEqual(input), $"lz4 {options} on {name}: decoded content differs");
        }
    }

    [Theory]
    [MemberData(nameof(LZ4FrameTests.Settings), MemberType = typeof(LZ4FrameTests))]
    public async Task Encode_FramesDecodedByLz4Cli_RoundTripBitExact(int blockSize, bool chain, bool blockChecksum, bool contentChecksum, bool contentSize, int level)
    {
        using var dir = new TempDir();
        foreach ((string name, byte[] input) in Inputs())
        {
            LZ4EncoderSettings settings = LZ4FrameTests.MakeSettings(input.Length, blockSize, chain, blockChecksum, contentChecksum, contentSize, level);
            string compressed = dir.File(name + ".lz4");
            string decoded = dir.File(name + ".out");
            await File.WriteAllBytesAsync(compressed, LZ4FrameTests.EncodeFrame(input, settings));
            await Lz4Cli.RunAsync("-d", "-q", "-f", compressed, decoded);
            byte[] roundTripped = await File.ReadAllBytesAsync(decoded);
            Assert.True(roundTripped.AsSpan().SequenceEqual(input), $"{name}: lz4 -d gave different content");
        }
    }

    [Fact]
    public async Task Encode_FastLevelIndependentBlocks_SameBytesAsLz4CliLevel1()
    {
        using var dir = new TempDir();
        foreach ((string name, byte[] input) in Inputs())
        {
            string source = dir.File(name);
            await File.WriteAllBytesAsync(source, input);
            await Lz4Cli.RunAsync("-1", "-B4", "-q", "-f", source, source + ".lz4");
            byte[] ours = LZ4FrameTests.EncodeFrame(input, new LZ4EncoderSettings());
            byte[] reference = await File.ReadAllBytesAsync(source + ".lz4");
            Assert.True(ours.AsSpan().SequenceEqual(reference), $"{name}: frame bytes differ from lz4 -1 -B4 ({ours.Length} vs {reference.Length})");
        }
    }

    [Fact]
    public async Task Encode_ContentChecksums_SameAsLz4Cli()
    {
        using var dir = new TempDir();
        int[] lengths = [.. Enumerable.Range(0, 40), 63, 64, 65, 1000, 12_345, 100_003];
        var files = new List<string>();
        foreach (int length in lengths)
        {
            string file = dir.File($"h{length}");
            await File.WriteAllBytesAsync(file, TestData.Random(length + 1000, length));
            files.Add(file);
        }

        await Lz4Cli.RunAsync(["-q", "-f", "-m", .. files]);
        foreach (int length in lengths)
        {
            byte[] reference = await File.ReadAllBytesAsync(dir.File($"h{length}.lz4"));
            byte[] ours = LZ4FrameTests.EncodeFrame(TestData.Random(length + 1000, length), new LZ4EncoderSettings());
            uint expected = BinaryPrimitives.ReadUInt32LittleEndian(reference.AsSpan(reference.Length - 4));
            Assert.Equal(expected, BinaryPrimitives.ReadUInt32LittleEndian(ours.AsSpan(ours.Length - 4)));
        }
    }

    private static IEnumerable<(string Name, byte[] Input)> Inputs() =>
    [
        ("empty", []),
        ("random", TestData.Random(21, 300_000)),
        ("text", TestData.Compressible(22, 1_300_000)),
        ("mixed", TestData.Mixed(23, 700_000)),
    ];
}
