using Zhtp.Storage.Content.Compression;
using K4Codec = K4os.Compression.LZ4.LZ4Codec;
using K4Level = K4os.Compression.LZ4.LZ4Level;

namespace Zhtp.Storage.Content.Tests.Compression;

/// <summary>
/// Raw LZ4 blocks exchanged with K4os.Compression.LZ4 (a port of liblz4) as an independent
/// oracle: blocks we write are decoded by K4os into a target of exactly the original length, and
/// blocks K4os writes are decoded by us, bit-exact, at the fast and the HC levels.
/// </summary>
public class LZ4K4osBlockOracleTests
{
    // Empty input is left out of every K4os direction: K4os encodes it as a 0-byte block and
    // rejects (-1) the 1-byte block 0x00 that liblz4 and we write for it, while our decoder
    // rejects a 0-byte block (a block holds at least one token).
    public static TheoryData<string> InputNames() => [.. Inputs().Select(i => i.Name)];

    public static TheoryData<int> Levels() => [0, 3, 9, 12];

    [Theory]
    [MemberData(nameof(Levels))]
    public void Encode_BlocksDecodedByK4os_RoundTripBitExact(int level)
    {
        foreach ((string name, byte[] input) in Inputs(maxLength: level >= 9 ? 1_100_000 : int.MaxValue))
        {
            byte[] block = new byte[LZ4Codec.MaximumOutputSize(input.Length)];
            int length = LZ4Codec.Encode(input, block, (LZ4Level)level);
            Assert.True(length > 0, $"{name}: our encoder failed at level {level}");

            byte[] decoded = new byte[input.Length];
            int n = K4Codec.Decode(block.AsSpan(0, length), decoded);
            Assert.True(n == input.Length, $"{name}, level {level}: K4os decoded {n} bytes of {input.Length}");
            Assert.True(decoded.AsSpan().SequenceEqual(input), $"{name}, level {level}: K4os decoded different content");
        }
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void Decode_BlocksWrittenByK4os_RoundTripBitExact(int level)
    {
        foreach ((string name, byte[] input) in Inputs(maxLength: level >= 9 ? 1_100_000 : int.MaxValue))
        {
            byte[] block = new byte[K4Codec.MaximumOutputSize(input.Length)];
            int length = K4Codec.Encode(input, block, (K4Level)level);
            Assert.True(length >= 0, $"{name}: K4os encoder failed at level {level}");

            byte[] decoded = new byte[input.Length];
            int n = LZ4Codec.Decode(block.AsSpan(0, length), decoded);
            Assert.True(n == input.Length, $"{name}, K4os level {level}: we decoded {n} bytes of {input.Length}");
            Assert.True(decoded.AsSpan().SequenceEqual(input), $"{name}, K4os level {level}: we decoded different content");
        }
    }

    [Theory]
    [MemberData(nameof(InputNames))]
    public void Encode_FastLevel_SameBytesAsK4osFast(string inputName)
    {
        byte[] input = Inputs().Single(i => i.Name == inputName).Input;
        byte[] ours = new byte[LZ4Codec.MaximumOutputSize(input.Length)];
        byte[] theirs = new byte[K4Codec.MaximumOutputSize(input.Length)];
        int oursLength = LZ4Codec.Encode(input, ours, LZ4Level.L00_FAST);
        int theirsLength = K4Codec.Encode(input, theirs, K4Level.L00_FAST);
        Assert.True(
            ours.AsSpan(0, oursLength).SequenceEqual(theirs.AsSpan(0, theirsLength)),
            $"{inputName}: fast block differs from K4os L00_FAST ({oursLength} vs {theirsLength} bytes)");
    }

    [Fact]
    public void Decode_K4osBlockIntoTooSmallTarget_Throws()
    {
        // The oracle direction must be able to fail: a K4os block into a target one byte short.
        byte[] input = TestData.Mixed(40, 10_000);
        byte[] block = new byte[K4Codec.MaximumOutputSize(input.Length)];
        int length = K4Codec.Encode(input, block, K4Level.L00_FAST);
        Assert.Throws<LZ4FormatException>(() => LZ4Codec.Decode(block.AsSpan(0, length), new byte[input.Length - 1]));
    }

    /// <summary>Tiny, incompressible, compressible and mixed inputs, with sizes around the 64 KiB window and the block sizes.</summary>
    internal static IEnumerable<(string Name, byte[] Input)> Inputs(int maxLength = int.MaxValue) =>
        AllInputs.Value.Where(i => i.Input.Length <= maxLength);

    private static readonly Lazy<(string Name, byte[] Input)[]> AllInputs = new(() =>
    [
        ("one-byte", [42]),
        ("tiny-12", TestData.Compressible(30, 12)),
        ("tiny-13", TestData.Compressible(31, 13)),
        ("tiny-100", TestData.Compressible(32, 100)),
        ("zeros-1000", new byte[1000]),
        ("random-65535", TestData.Random(33, 65_535)),
        ("text-65536", TestData.Compressible(34, 65_536)),
        ("mixed-65547", TestData.Mixed(35, 65_547)),
        ("mixed-65548", TestData.Mixed(36, 65_548)),
        ("random-300000", TestData.Random(37, 300_000)),
        ("text-262145", TestData.Compressible(38, 262_145)),
        ("mixed-1048577", TestData.Mixed(39, 1_048_577)),
        ("zeros-4194304", new byte[4 * 1024 * 1024]),
        ("mixed-4194305", TestData.Mixed(41, 4 * 1024 * 1024 + 1)),
    ]);
}
