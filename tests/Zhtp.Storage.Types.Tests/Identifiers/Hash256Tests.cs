using Zhtp.Storage.Types;

namespace Zhtp.Storage.Types.Tests.Identifiers;

public sealed class Hash256Tests
{
    private static readonly string SampleHex = "00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210";

    [Fact]
    public void Parse_Hex_RoundTripsThroughToString()
    {
        var h = Hash256.Parse(SampleHex);
        Assert.Equal(SampleHex, h.ToString());
        Assert.Equal(Convert.FromHexString(SampleHex), h.ToArray());
    }

    [Fact]
    public void Parse_UpperCaseHex_IsAccepted()
    {
        Assert.Equal(Hash256.Parse(SampleHex), Hash256.Parse(SampleHex.ToUpperInvariant()));
    }

    [Fact]
    public void ToBase32_KnownValue_MatchesRfc4648()
    {
        // RFC 4648 base32 of 32 zero bytes is 52 'a's (no padding); of 0xff.. ends in 'q' (4 spare bits).
        Assert.Equal(new string('a', 52), Hash256.Zero.ToBase32());
        Assert.Equal(new string('7', 51) + "q", Hash256.MaxValue.ToBase32());
        // Cross-check one arbitrary value against .NET's independent bit walk.
        var h = Hash256.Parse(SampleHex);
        Assert.Equal(ReferenceBase32(h.ToArray()), h.ToBase32());
    }

    [Fact]
    public void Parse_Base32_RoundTrips()
    {
        var random = new Random(42);
        for (int i = 0; i < 200; i++)
        {
            var h = Hash256.Random(random);
            Assert.Equal(h, Hash256.Parse(h.ToBase32()));
            Assert.Equal(h, Hash256.Parse(h.ToBase32().ToUpperInvariant()));
            Assert.Equal(h, Hash256.Parse(h.ToString()));
        }
    }

    [Theory]
    [InlineData("", "got 0 characters")]
    [InlineData("abc", "got 3 characters")]
    [InlineData("00112233445566778899aabbccddeeff0123456789abcdeffedcba987654321g", "'g' at position 63 is not a hex digit")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1", "'1' at position 51 is not a base32 character")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "non-zero padding bits")]
    public void Parse_BadText_NamesTheProblem(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => Hash256.Parse(text));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.False(Hash256.TryParse(text, out _));
    }

    [Fact]
    public void Constructor_WrongLength_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Hash256(new byte[31]));
        Assert.Contains("got 31 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CompareTo_OrdersLikeBigEndianBytes()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 300).Select(_ => Hash256.Random(random)).ToList();
        var byNumeric = values.OrderBy(v => v).Select(v => v.ToString()).ToList();
        var byBytes = values.Select(v => v.ToString()).OrderBy(s => s, StringComparer.Ordinal).ToList();
        Assert.Equal(byBytes, byNumeric);
    }

    [Fact]
    public void Xor_MetricLaws_Hold()
    {
        var random = new Random(11);
        for (int i = 0; i < 500; i++)
        {
            var a = Hash256.Random(random);
            var b = Hash256.Random(random);
            var c = Hash256.Random(random);
            Assert.True((a ^ a).IsZero);                        // d(a,a) = 0
            Assert.Equal(a ^ b, b ^ a);                          // symmetry
            Assert.Equal((a ^ b) ^ (b ^ c), a ^ c);              // XOR triangle equality
            Assert.True(a == b || !(a ^ b).IsZero);              // d(a,b) = 0 only when a = b
            // Unidirectionality: for a given a and distance there is exactly one b.
            Assert.Equal(b, a ^ (a ^ b));
        }
    }

    [Fact]
    public void CommonPrefixLength_MatchesBitByBitCount()
    {
        var random = new Random(3);
        for (int i = 0; i < 300; i++)
        {
            var a = Hash256.Random(random);
            int flip = random.Next(256);
            var b = a.FlipBit(flip);
            // Randomize the bits after the flipped one too.
            for (int j = flip + 1; j < 256; j++)
            {
                if (random.Next(2) == 1)
                {
                    b = b.FlipBit(j);
                }
            }

            Assert.Equal(flip, a.CommonPrefixLength(b));
            int expected = 0;
            while (expected < 256 && a.GetBit(expected) == b.GetBit(expected))
            {
                expected++;
            }

            Assert.Equal(expected, a.CommonPrefixLength(b));
        }

        Assert.Equal(256, Hash256.MaxValue.CommonPrefixLength(Hash256.MaxValue));
        Assert.Equal(0, Hash256.Zero.CommonPrefixLength(Hash256.MaxValue));
    }

    [Fact]
    public void GetBit_IndexZero_IsMostSignificantBitOfFirstByte()
    {
        var bytes = new byte[32];
        bytes[0] = 0x80;
        bytes[31] = 0x01;
        var h = new Hash256(bytes);
        Assert.True(h.GetBit(0));
        Assert.False(h.GetBit(1));
        Assert.True(h.GetBit(255));
        Assert.Throws<ArgumentOutOfRangeException>(() => h.GetBit(256));
    }

    [Fact]
    public void Format_B_GivesBase32_UnknownFormatThrows()
    {
        var h = Hash256.Parse(SampleHex);
        Assert.Equal(h.ToBase32(), $"{h:b}");
        Assert.Equal(SampleHex, $"{h:x}");
        Assert.Throws<FormatException>(() => h.ToString("q", null));
    }

    private static string ReferenceBase32(byte[] data)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var bits = string.Concat(data.Select(b => Convert.ToString(b, 2).PadLeft(8, '0')));
        bits = bits.PadRight((bits.Length + 4) / 5 * 5, '0');
        return string.Concat(Enumerable.Range(0, bits.Length / 5).Select(i => alphabet[Convert.ToInt32(bits.Substring(i * 5, 5), 2)]));
    }
}
