using System.Buffers;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Types.Tests.MessagePack;

/// <summary>Bad bytes from the network: every failure is a MessagePackSerializationException, nothing reads out of
/// bounds, nothing allocates from a claimed length, nesting is capped.</summary>
public sealed class MessagePackHostileInputTests
{
    [Fact]
    [Trait("CWE", "125")]
    public void Read_EveryTruncatedPrefix_ThrowsSerializationException()
    {
        foreach (byte[] message in SampleMessages.All)
        {
            Assert.Equal(message.Length, ReadAll(new ReadOnlySequence<byte>(message)));
            for (int length = 0; length < message.Length; length++)
            {
                byte[] prefix = message.AsSpan(0, length).ToArray();
                AssertRejected(new ReadOnlySequence<byte>(prefix), $"prefix {length}/{message.Length}");
                AssertRejected(TestData.Segmented(prefix, 1), $"prefix {length}/{message.Length}, 1-byte segments");
                Assert.Throws<MessagePackSerializationException>(() => SkipAll(prefix));
            }
        }
    }

    [Theory]
    [Trait("CWE", "190")]
    [Trait("CWE", "789")]
    [InlineData("dd-80-00-00-00", "array")]
    [InlineData("dd-ff-ff-ff-ff", "array")]
    [InlineData("dc-ff-ff-01-02", "array")]
    [InlineData("df-80-00-00-00", "map")]
    [InlineData("df-ff-ff-ff-ff", "map")]
    [InlineData("81-01", "map")]
    [InlineData("db-ff-ff-ff-ff", "string")]
    [InlineData("db-80-00-00-00-61", "string")]
    [InlineData("d9-05-61-62", "string")]
    [InlineData("c6-ff-ff-ff-ff", "binary")]
    [InlineData("c6-80-00-00-00-00", "binary")]
    [InlineData("c9-ff-ff-ff-ff-01", "extension")]
    [InlineData("c8-01-00-01-00", "extension")]
    [InlineData("d8-01-00", "extension")]
    public void Read_LengthBeyondInput_ThrowsFastWithoutAllocating(string hex, string kind)
    {
        byte[] bytes = TestData.DashHex(hex);
        Assert.Throws<MessagePackSerializationException>(() => Read(bytes, kind)); // warm up (JIT) before measuring
        long before = GC.GetAllocatedBytesForCurrentThread();
        MessagePackSerializationException ex = Assert.Throws<MessagePackSerializationException>(() => Read(bytes, kind));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 16 * 1024, $"{allocated} bytes allocated while rejecting {hex}");
        Assert.Contains("remain", ex.Message, StringComparison.Ordinal);
        Assert.Throws<MessagePackSerializationException>(() => SkipAll(bytes));
    }

    [Fact]
    [Trait("CWE", "190")]
    public void ReadArrayHeader_Array32Claiming2Pow31In5Bytes_Throws()
    {
        byte[] bytes = [0xdd, 0x80, 0x00, 0x00, 0x00];
        MessagePackReader reader = new(bytes);
        try
        {
            reader.ReadArrayHeader();
            Assert.Fail("no exception");
        }
        catch (MessagePackSerializationException ex)
        {
            Assert.Contains("2147483648", ex.Message, StringComparison.Ordinal);
            Assert.Contains("only 0 bytes remain", ex.Message, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, string, string> WrongTypes() => new()
    {
        { "a1-61", "Int32", "fixstr" },
        { "c0", "Int64", "nil" },
        { "c3", "UInt64", "true" },
        { "ca-3f-80-00-00", "Int32", "float 32" },
        { "01", "Boolean", "positive fixint" },
        { "90", "string", "fixarray" },
        { "c4-00", "string", "bin 8" },
        { "a0", "binary", "fixstr" },
        { "80", "array", "fixmap" },
        { "90", "map", "fixarray" },
        { "a0", "Double", "fixstr" },
        { "c2", "Single", "false" },
        { "01", "extension", "positive fixint" },
        { "d4-01-00", "timestamp", "fixext 1" },
        { "d6-05-00-00-00-00", "timestamp", "fixext 4" },
        { "c7-05-ff-00-00-00-00-00", "timestamp", "ext 8" },
        { "d7-ff-ff-ff-ff-ff-00-00-00-00", "timestamp", "fixext 8" },
        { "c1", "nil", "never used" },
        { "ff", "Byte", "negative fixint" },
        { "cc-ff", "SByte", "uint 8" },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public void Read_WrongType_ThrowsNamingExpectedFoundAndOffset(string hex, string what, string found)
    {
        byte[] bytes = [0x91, .. TestData.DashHex(hex)];
        MessagePackSerializationException ex = Assert.Throws<MessagePackSerializationException>(() =>
        {
            MessagePackReader reader = new(bytes);
            reader.ReadArrayHeader();
            ReadAs(ref reader, what);
        });
        Assert.Contains(found, ex.Message, StringComparison.Ordinal);
        Assert.Contains("offset 1", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, ex.Offset);
    }

    [Fact]
    public void Skip_NeverUsedCode_Throws()
    {
        Assert.Throws<MessagePackSerializationException>(() => SkipAll([0x92, 0x01, 0xc1]));
    }

    [Theory]
    [Trait("CWE", "674")]
    [InlineData(64, true)]
    [InlineData(65, false)]
    [InlineData(100_000, false)]
    public void Skip_NestedArrays_LimitedToDefaultDepth(int depth, bool accepted)
    {
        byte[] bytes = [.. Enumerable.Repeat((byte)0x91, depth), 0xc0];
        if (accepted)
        {
            Assert.Equal(bytes.Length, SkipAll(bytes));
        }
        else
        {
            MessagePackSerializationException ex = Assert.Throws<MessagePackSerializationException>(() => SkipAll(bytes));
            Assert.Contains("exceeds the limit of 64", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    [Trait("CWE", "674")]
    public void Skip_EmptyContainersCountTowardsDepth()
    {
        byte[] bytes = [0x81, 0x81, 0x01, 0x90, 0x01]; // {{1: []}: 1}: the empty array is at depth 3
        MessagePackReader reader = new(bytes) { Security = new MessagePackSecurity { MaximumObjectGraphDepth = 2 } };
        Assert.Throws<MessagePackSerializationException>(() =>
        {
            MessagePackReader r = new(bytes) { Security = new MessagePackSecurity { MaximumObjectGraphDepth = 2 } };
            r.Skip();
        });
        reader.Security = MessagePackSecurity.Default.WithMaximumObjectGraphDepth(3);
        reader.Skip();
        Assert.True(reader.End);
        Assert.Equal(0, reader.Depth);
    }

    [Fact]
    [Trait("CWE", "674")]
    public void Skip_MaximumSupportedDepth_DoesNotOverflowTheStack()
    {
        int depth = MessagePackSecurity.MaximumSupportedDepth;
        byte[] bytes = NestedMaps(depth);
        MessagePackReader reader = new(bytes) { Security = new MessagePackSecurity { MaximumObjectGraphDepth = depth } };
        reader.Skip();
        Assert.True(reader.End);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessagePackSecurity { MaximumObjectGraphDepth = depth + 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessagePackSecurity { MaximumObjectGraphDepth = 0 });
    }

    [Fact]
    [Trait("CWE", "674")]
    public void IncreaseDepth_BeyondLimit_Throws()
    {
        MessagePackReader reader = new(new byte[] { 0xc0 }) { Security = new MessagePackSecurity { MaximumObjectGraphDepth = 2 } };
        reader.IncreaseDepth();
        MessagePackSecurity.Default.DepthStep(ref reader);
        Assert.Equal(2, reader.Depth);
        reader.Depth--;
        reader.IncreaseDepth();
        try
        {
            reader.IncreaseDepth();
            Assert.Fail("no exception");
        }
        catch (MessagePackSerializationException ex)
        {
            Assert.Contains("Nesting depth 3", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    [Trait("CWE", "20")]
    public void SkipAndRead_RandomAndMutatedBuffers_OnlySerializationExceptionsEscape() => Fuzz(200_000, 0x5eed);

    [Fact]
    [Trait("CWE", "20")]
    [Trait("Category", "Soak")]
    public void SkipAndRead_TenMillionRandomAndMutatedBuffers_OnlySerializationExceptionsEscape() => Fuzz(10_000_000, 0x50a6);

    private static void Fuzz(int buffers, int seed)
    {
        Random random = new(seed);
        int accepted = 0;
        for (int i = 0; i < buffers; i++)
        {
            byte[] buffer;
            if ((i & 1) == 0)
            {
                buffer = new byte[random.Next(0, 64)];
                random.NextBytes(buffer);
            }
            else
            {
                byte[] source = SampleMessages.All[random.Next(SampleMessages.All.Count)];
                buffer = source.AsSpan(0, random.Next(1, source.Length + 1)).ToArray();
                for (int flips = random.Next(1, 4); flips > 0; flips--)
                {
                    buffer[random.Next(buffer.Length)] = (byte)random.Next(256);
                }
            }

            try
            {
                SkipAll(buffer);
                accepted++;
            }
            catch (MessagePackSerializationException)
            {
            }

            if ((i & 15) == 1)
            {
                try
                {
                    ReadAll(TestData.Segmented(buffer, 2));
                }
                catch (MessagePackSerializationException)
                {
                }
            }
        }

        Assert.InRange(accepted, 1, buffers - 1);
    }

    private static byte[] NestedMaps(int depth)
    {
        // depth maps, each {0: <inner>}, the innermost {0: 0}.
        byte[] bytes = new byte[(depth * 2) + 1];
        for (int i = 0; i < depth; i++)
        {
            bytes[2 * i] = 0x81;
            bytes[(2 * i) + 1] = 0x00;
        }

        bytes[^1] = 0x00;
        return bytes;
    }

    private static int SkipAll(byte[] bytes)
    {
        MessagePackReader reader = new(bytes.AsSpan());
        do
        {
            reader.Skip();
        }
        while (!reader.End);
        return (int)reader.Consumed;
    }

    private static long ReadAll(ReadOnlySequence<byte> bytes)
    {
        MessagePackReader reader = new(bytes);
        do
        {
            MessagePackValue.Read(ref reader);
        }
        while (!reader.End);
        return reader.Consumed;
    }

    private static void AssertRejected(ReadOnlySequence<byte> bytes, string what)
    {
        try
        {
            ReadAll(bytes);
            Assert.Fail($"{what}: accepted");
        }
        catch (MessagePackSerializationException)
        {
        }
    }

    private static void Read(byte[] bytes, string kind)
    {
        MessagePackReader reader = new(bytes);
        ReadAs(ref reader, kind);
    }

    private static void ReadAs(ref MessagePackReader reader, string what)
    {
        switch (what)
        {
            case "Int32": reader.ReadInt32(); break;
            case "Int64": reader.ReadInt64(); break;
            case "UInt64": reader.ReadUInt64(); break;
            case "Byte": reader.ReadByte(); break;
            case "SByte": reader.ReadSByte(); break;
            case "Boolean": reader.ReadBoolean(); break;
            case "Double": reader.ReadDouble(); break;
            case "Single": reader.ReadSingle(); break;
            case "nil": reader.ReadNil(); break;
            case "string": reader.ReadString(); break;
            case "binary": reader.ReadBytes(); break;
            case "array": reader.ReadArrayHeader(); break;
            case "map": reader.ReadMapHeader(); break;
            case "extension": reader.ReadExtensionFormat(); break;
            case "timestamp": reader.ReadTimestamp(); break;
            default: throw new InvalidOperationException(what);
        }
    }
}
