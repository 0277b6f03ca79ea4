using System.Buffers;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Types.Tests.MessagePack;

/// <summary>Integers at every format boundary: smallest encoding on write, exact value on read for every target
/// type that can hold it, and a typed overflow error for every one that cannot.</summary>
public sealed class MessagePackIntegerTests
{
    private static readonly Int128[] Boundaries = BuildBoundaries();

    public static TheoryData<string> BoundaryValues()
    {
        TheoryData<string> data = [];
        foreach (Int128 value in Boundaries)
        {
            data.Add(value.ToString());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BoundaryValues))]
    public void Write_BoundaryValue_UsesSmallestFormatAndRoundTrips(string text)
    {
        Int128 value = Int128.Parse(text);
        byte[] encoded = Encode(value);
        (int size, byte code) = ExpectedFormat(value);
        Assert.Equal(size, encoded.Length);
        if (size > 1)
        {
            Assert.Equal(code, encoded[0]);
        }

        AssertReads(encoded, value);
        AssertReads(TestData.Segmented(encoded, 1), value);
    }

    [Theory]
    [MemberData(nameof(BoundaryValues))]
    public void TryWrite_BoundaryValue_MatchesWriterAndNeedsExactSpace(string text)
    {
        Int128 value = Int128.Parse(text);
        byte[] viaWriter = Encode(value);
        Span<byte> buffer = stackalloc byte[9];
        bool ok = value >= 0
            ? MessagePackPrimitives.TryWrite(buffer, (ulong)value, out int written)
            : MessagePackPrimitives.TryWrite(buffer, (long)value, out written);
        Assert.True(ok);
        Assert.Equal(viaWriter, buffer.Slice(0, written).ToArray());

        Span<byte> tooSmall = buffer.Slice(0, written - 1);
        ok = value >= 0
            ? MessagePackPrimitives.TryWrite(tooSmall, (ulong)value, out written)
            : MessagePackPrimitives.TryWrite(tooSmall, (long)value, out written);
        Assert.False(ok);
        Assert.Equal(0, written);
    }

    [Fact]
    public void Write_RandomIntegers_RoundTripWithSmallestFormat()
    {
        Random random = new(20261121);
        Span<byte> raw = stackalloc byte[8];
        for (int i = 0; i < 2_000; i++)
        {
            random.NextBytes(raw);
            int bits = random.Next(1, 65);
            ulong magnitude = BitConverter.ToUInt64(raw) >> (64 - bits);
            Int128 value = (i & 1) == 0 ? magnitude : -(Int128)(long)(magnitude >> 1) - 1;
            byte[] encoded = Encode(value);
            Assert.Equal(ExpectedFormat(value).Size, encoded.Length);
            AssertReads(encoded, value);
        }
    }

    [Fact]
    public void WriteNarrowOverloads_SameAsWideOverloads()
    {
        ArrayBufferWriter<byte> narrow = new();
        ArrayBufferWriter<byte> wide = new();
        MessagePackWriter a = new(narrow);
        MessagePackWriter b = new(wide);
        a.Write(sbyte.MinValue); b.Write((long)sbyte.MinValue);
        a.Write(short.MinValue); b.Write((long)short.MinValue);
        a.Write(int.MinValue); b.Write((long)int.MinValue);
        a.Write(byte.MaxValue); b.Write((ulong)byte.MaxValue);
        a.Write(ushort.MaxValue); b.Write((ulong)ushort.MaxValue);
        a.Write(uint.MaxValue); b.Write((ulong)uint.MaxValue);
        a.Flush();
        b.Flush();
        Assert.Equal(wide.WrittenSpan.ToArray(), narrow.WrittenSpan.ToArray());
        Assert.Equal("d0-80-d1-80-00-d2-80-00-00-00-cc-ff-cd-ff-ff-ce-ff-ff-ff-ff", TestData.ToDashHex(narrow.WrittenSpan));
    }

    private static Int128[] BuildBoundaries()
    {
        HashSet<Int128> set = [];
        foreach (int bits in new[] { 5, 7, 8, 15, 16, 31, 32, 63, 64 })
        {
            Int128 power = Int128.One << bits;
            foreach (Int128 candidate in new[] { power - 1, power, power + 1, -power - 1, -power, -power + 1 })
            {
                if (candidate >= long.MinValue && candidate <= ulong.MaxValue)
                {
                    set.Add(candidate);
                }
            }
        }

        foreach (Int128 extra in new Int128[] { 0, 1, -1, 127, 128, -32, -33, long.MaxValue, long.MinValue, ulong.MaxValue })
        {
            set.Add(extra);
        }

        return [.. set.Order()];
    }

    private static (int Size, byte Code) ExpectedFormat(Int128 value)
    {
        if (value >= 0)
        {
            return value <= 127 ? (1, (byte)value)
                : value <= byte.MaxValue ? (2, MessagePackCode.UInt8)
                : value <= ushort.MaxValue ? (3, MessagePackCode.UInt16)
                : value <= uint.MaxValue ? (5, MessagePackCode.UInt32)
                : (9, MessagePackCode.UInt64);
        }

        return value >= -32 ? (1, (byte)(sbyte)value)
            : value >= sbyte.MinValue ? (2, MessagePackCode.Int8)
            : value >= short.MinValue ? (3, MessagePackCode.Int16)
            : value >= int.MinValue ? (5, MessagePackCode.Int32)
            : (9, MessagePackCode.Int64);
    }

    private static byte[] Encode(Int128 value)
    {
        ArrayBufferWriter<byte> output = new();
        MessagePackWriter writer = new(output);
        if (value >= 0)
        {
            writer.Write((ulong)value);
        }
        else
        {
            writer.Write((long)value);
        }

        writer.Flush();
        return output.WrittenSpan.ToArray();
    }

    private static void AssertReads(byte[] encoded, Int128 value) => AssertReads(new ReadOnlySequence<byte>(encoded), value);

    private static void AssertReads(ReadOnlySequence<byte> encoded, Int128 value)
    {
        Check(encoded, value, sbyte.MinValue, sbyte.MaxValue, (ref MessagePackReader r) => r.ReadSByte());
        Check(encoded, value, short.MinValue, short.MaxValue, (ref MessagePackReader r) => r.ReadInt16());
        Check(encoded, value, int.MinValue, int.MaxValue, (ref MessagePackReader r) => r.ReadInt32());
        Check(encoded, value, long.MinValue, long.MaxValue, (ref MessagePackReader r) => r.ReadInt64());
        Check(encoded, value, byte.MinValue, byte.MaxValue, (ref MessagePackReader r) => r.ReadByte());
        Check(encoded, value, ushort.MinValue, ushort.MaxValue, (ref MessagePackReader r) => r.ReadUInt16());
        Check(encoded, value, uint.MinValue, uint.MaxValue, (ref MessagePackReader r) => r.ReadUInt32());
        Check(encoded, value, ulong.MinValue, ulong.MaxValue, (ref MessagePackReader r) => r.ReadUInt64());

        MessagePackReader reader = new(encoded);
        Assert.Equal((double)value, reader.ReadDouble());
        reader = new MessagePackReader(encoded);
        Assert.Equal((float)value, reader.ReadSingle());
    }

    private delegate Int128 ReadInteger(ref MessagePackReader reader);

    private static void Check(ReadOnlySequence<byte> encoded, Int128 value, Int128 min, Int128 max, ReadInteger read)
    {
        MessagePackReader reader = new(encoded);
        if (value >= min && value <= max)
        {
            Assert.Equal(value, read(ref reader));
            Assert.True(reader.End);
            return;
        }

        try
        {
            read(ref reader);
            Assert.Fail($"Reading {value} into a type of range [{min}, {max}] did not throw.");
        }
        catch (MessagePackSerializationException ex)
        {
            Assert.IsType<OverflowException>(ex.InnerException);
            Assert.Contains("does not fit", ex.Message, StringComparison.Ordinal);
            Assert.Equal(0, ex.Offset);
        }
    }
}
