using System.Buffers;
using System.Text;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Types.Tests.MessagePack;

/// <summary>The writer's format choices at each size boundary and the reader's API contract.</summary>
public sealed class MessagePackReaderWriterTests
{
    [Theory]
    [InlineData(0, 0xa0, 1)]
    [InlineData(31, 0xbf, 1)]
    [InlineData(32, 0xd9, 2)]
    [InlineData(255, 0xd9, 2)]
    [InlineData(256, 0xda, 3)]
    [InlineData(65_535, 0xda, 3)]
    [InlineData(65_536, 0xdb, 5)]
    public void WriteString_EachSize_SmallestHeaderAndRoundTrip(int length, int code, int headerSize)
    {
        string text = new('s', length);
        byte[] bytes = SampleMessages.Encode((ref MessagePackWriter w) => w.Write(text));
        Assert.Equal(code, bytes[0]);
        Assert.Equal(headerSize + length, bytes.Length);
        Assert.Equal(bytes, SampleMessages.Encode((ref MessagePackWriter w) => w.WriteString(Encoding.UTF8.GetBytes(text))));

        MessagePackReader reader = new(bytes);
        Assert.Equal(text, reader.ReadString());
        Assert.True(reader.End);

        reader = new MessagePackReader(bytes.AsSpan());
        Assert.True(reader.TryReadStringSpan(out ReadOnlySpan<byte> utf8));
        Assert.Equal(text, Encoding.UTF8.GetString(utf8));

        reader = new MessagePackReader(TestData.Segmented(bytes, 100));
        Assert.Equal(text, Encoding.UTF8.GetString(reader.ReadStringSequence()!.Value));
        reader = new MessagePackReader(TestData.Segmented(bytes, 100));
        Assert.Equal(text, reader.ReadString());
    }

    [Theory]
    [InlineData(0, 0xc4, 2)]
    [InlineData(255, 0xc4, 2)]
    [InlineData(256, 0xc5, 3)]
    [InlineData(65_535, 0xc5, 3)]
    [InlineData(65_536, 0xc6, 5)]
    public void WriteBytes_EachSize_SmallestHeaderAndRoundTrip(int length, int code, int headerSize)
    {
        byte[] payload = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        byte[] bytes = SampleMessages.Encode((ref MessagePackWriter w) => w.Write(payload));
        Assert.Equal(code, bytes[0]);
        Assert.Equal(headerSize + length, bytes.Length);
        MessagePackReader reader = new(bytes);
        Assert.Equal(payload, reader.ReadBytes()!.Value.ToArray());
        reader = new MessagePackReader(bytes.AsSpan());
        Assert.True(reader.TryReadBytesSpan(out ReadOnlySpan<byte> span));
        Assert.Equal(payload, span.ToArray());
        reader = new MessagePackReader(TestData.Segmented(bytes, 1000));
        Assert.Equal(payload, reader.ReadBytes()!.Value.ToArray());
    }

    [Theory]
    [InlineData(15u, 1)]
    [InlineData(16u, 3)]
    [InlineData(65_535u, 3)]
    [InlineData(65_536u, 5)]
    [InlineData(uint.MaxValue, 5)]
    public void WriteContainerHeaders_EachSize_SmallestHeader(uint count, int size)
    {
        byte[] array = SampleMessages.Encode((ref MessagePackWriter w) => w.WriteArrayHeader(count));
        byte[] map = SampleMessages.Encode((ref MessagePackWriter w) => w.WriteMapHeader(count));
        Assert.Equal(size, array.Length);
        Assert.Equal(size, map.Length);
        Assert.Equal(size switch { 1 => 0x90 | (int)count, 3 => 0xdc, _ => 0xdd }, array[0]);
        Assert.Equal(size switch { 1 => 0x80 | (int)count, 3 => 0xde, _ => 0xdf }, map[0]);
        Assert.Equal(DecodeResult.Success, MessagePackPrimitives.TryReadArrayHeader(array, out uint readCount, out int tokenSize));
        Assert.Equal((count, size), (readCount, tokenSize));
        Assert.Equal(DecodeResult.Success, MessagePackPrimitives.TryReadMapHeader(map, out readCount, out tokenSize));
        Assert.Equal((count, size), (readCount, tokenSize));
    }

    [Theory]
    [InlineData(0, 0xc7, 3)]
    [InlineData(1, 0xd4, 2)]
    [InlineData(2, 0xd5, 2)]
    [InlineData(3, 0xc7, 3)]
    [InlineData(4, 0xd6, 2)]
    [InlineData(8, 0xd7, 2)]
    [InlineData(16, 0xd8, 2)]
    [InlineData(255, 0xc7, 3)]
    [InlineData(256, 0xc8, 4)]
    [InlineData(65_536, 0xc9, 6)]
    public void WriteExtension_EachSize_SmallestHeaderAndRoundTrip(int length, int code, int headerSize)
    {
        byte[] data = Enumerable.Range(0, length).Select(i => (byte)(i * 3)).ToArray();
        byte[] bytes = SampleMessages.Encode((ref MessagePackWriter w) => w.WriteExtensionFormat(new ExtensionResult(-42, data)));
        Assert.Equal(code, bytes[0]);
        Assert.Equal(headerSize + length, bytes.Length);

        MessagePackReader reader = new(bytes.AsSpan());
        ExtensionHeader header = reader.ReadExtensionFormatHeader();
        Assert.Equal(new ExtensionHeader(-42, length), header);
        Assert.True(reader.TryReadRawSpan((int)header.Length, out ReadOnlySpan<byte> raw));
        Assert.Equal(data, raw.ToArray());
        Assert.True(reader.End);

        reader = new MessagePackReader(TestData.Segmented(bytes, 5));
        Assert.Equal(new ExtensionResult(-42, data), reader.ReadExtensionFormat());
    }

    [Fact]
    public void WriteDateTime_RoundTripsAtTickPrecision()
    {
        DateTime[] values =
        [
            DateTime.UnixEpoch,
            new DateTime(2026, 11, 21, 6, 0, 0, DateTimeKind.Utc).AddTicks(1234567),
            new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_999),
            DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc),
            DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc),
            new DateTime(2106, 2, 7, 6, 28, 16, DateTimeKind.Utc),
        ];
        foreach (DateTime value in values)
        {
            byte[] bytes = SampleMessages.Encode((ref MessagePackWriter w) => w.Write(value));
            MessagePackReader reader = new(bytes);
            DateTime read = reader.ReadDateTime();
            Assert.Equal(value, read);
            Assert.Equal(DateTimeKind.Utc, read.Kind);
        }

        DateTime local = new(2026, 6, 1, 12, 0, 0, DateTimeKind.Local);
        MessagePackReader localReader = new(SampleMessages.Encode((ref MessagePackWriter w) => w.Write(local)));
        Assert.Equal(local.ToUniversalTime(), localReader.ReadDateTime());
    }

    [Theory]
    [InlineData(0L, 0u, 6)]
    [InlineData(4_294_967_295L, 0u, 6)]
    [InlineData(4_294_967_296L, 0u, 10)]
    [InlineData(0L, 1u, 10)]
    [InlineData(17_179_869_183L, 999_999_999u, 10)]
    [InlineData(17_179_869_184L, 0u, 15)]
    [InlineData(-1L, 0u, 15)]
    public void WriteTimestamp_SmallestForm(long seconds, uint nanoseconds, int size)
    {
        MessagePackTimestamp value = new(seconds, nanoseconds);
        byte[] bytes = SampleMessages.Encode((ref MessagePackWriter w) => w.Write(value));
        Assert.Equal(size, bytes.Length);
        MessagePackReader reader = new(bytes.AsSpan());
        Assert.Equal(value, reader.ReadTimestamp());
    }

    [Fact]
    public void ReadDateTime_OutsideDateTimeRange_ThrowsAndReadTimestampWorks()
    {
        byte[] bytes = SampleMessages.Encode((ref MessagePackWriter w) => w.Write(new MessagePackTimestamp(-62_167_219_200, 0)));
        Assert.Throws<MessagePackSerializationException>(() => new MessagePackReader(bytes).ReadDateTime());
        Assert.Equal(-62_167_219_200, new MessagePackReader(bytes).ReadTimestamp().Seconds);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessagePackTimestamp(0, 1_000_000_000));
    }

    [Fact]
    public void Writer_TinyBufferWriterSpans_SameBytesAsArrayBufferWriter()
    {
        byte[] expected = DhtMessage.Encode();
        MinimalBufferWriter tiny = new();
        MessagePackWriter writer = new(tiny);
        DhtMessage.Write(ref writer);
        writer.Write(new string('z', 1000));
        writer.Flush();
        byte[] tail = SampleMessages.Encode((ref MessagePackWriter w) => w.Write(new string('z', 1000)));
        Assert.Equal([.. expected, .. tail], tiny.Written.ToArray());
    }

    [Fact]
    public void Writer_NullStringAndArray_WriteNil()
    {
        byte[] bytes = SampleMessages.Encode((ref MessagePackWriter w) =>
        {
            w.Write((string?)null);
            w.Write((byte[]?)null);
        });
        Assert.Equal(new byte[] { 0xc0, 0xc0 }, bytes);
        MessagePackReader reader = new(bytes);
        Assert.Null(reader.ReadString());
        Assert.Null(reader.ReadBytes());
        Assert.True(reader.End);
    }

    [Fact]
    public void Writer_NegativeCounts_Throw()
    {
        ArrayBufferWriter<byte> output = new();
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessagePackWriter(output).WriteArrayHeader(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessagePackWriter(output).WriteMapHeader(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessagePackWriter(output).WriteBinHeader(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessagePackWriter(output).WriteStringHeader(-1));
    }

    [Fact]
    public void Write_LoneSurrogate_WritesReplacementCharacter()
    {
        byte[] bytes = SampleMessages.Encode((ref MessagePackWriter w) => w.Write("a\ud800b"));
        Assert.Equal(new byte[] { 0xa5, 0x61, 0xef, 0xbf, 0xbd, 0x62 }, bytes);
    }

    [Fact]
    public void ReadString_InvalidUtf8_GivesReplacementCharacter()
    {
        MessagePackReader reader = new(new byte[] { 0xa2, 0xff, 0x61 });
        Assert.Equal("\ufffda", reader.ReadString());
    }

    [Fact]
    public void SpanReader_SequenceReads_ThrowInvalidOperation()
    {
        byte[] bytes = SampleMessages.Encode((ref MessagePackWriter w) =>
        {
            w.Write(new byte[] { 1 });
            w.Write("s");
            w.WriteExtensionFormat(new ExtensionResult(1, new byte[] { 2 }));
        });
        Assert.Throws<InvalidOperationException>(() => new MessagePackReader(bytes.AsSpan()).ReadBytes());
        Assert.Throws<InvalidOperationException>(() => new MessagePackReader(bytes.AsSpan()).ReadRaw());
        MessagePackReader reader = new(bytes.AsSpan());
        Assert.True(reader.TryReadBytesSpan(out ReadOnlySpan<byte> bin));
        Assert.Equal(1, bin[0]);
        Assert.Equal(3, reader.Position.GetInteger());
        Assert.Null(reader.Position.GetObject());
        Assert.True(reader.TryReadStringSpan(out ReadOnlySpan<byte> s));
        Assert.Equal((byte)'s', s[0]);
        Assert.Throws<InvalidOperationException>(() =>
        {
            MessagePackReader r = new(bytes.AsSpan(5));
            r.ReadExtensionFormat();
        });
    }

    [Fact]
    public void TryReadStringSpan_NilOrSegmented_ReturnsFalseWithoutMoving()
    {
        MessagePackReader reader = new(new byte[] { 0xc0 });
        Assert.False(reader.TryReadStringSpan(out _));
        Assert.Equal(0, reader.Consumed);

        byte[] bytes = SampleMessages.Encode((ref MessagePackWriter w) => w.Write("hello world"));
        reader = new MessagePackReader(TestData.Segmented(bytes, 4));
        Assert.False(reader.TryReadStringSpan(out _));
        Assert.Equal(0, reader.Consumed);
        Assert.Equal("hello world", reader.ReadString());
    }

    [Fact]
    public void Reader_EndOfInput_NextCodeThrowsAndTryReadNilIsFalse()
    {
        MessagePackReader reader = new(ReadOnlyMemory<byte>.Empty);
        Assert.True(reader.End);
        Assert.False(reader.IsNil);
        Assert.False(reader.TryReadNil());
        Assert.Throws<MessagePackSerializationException>(() => new MessagePackReader(ReadOnlyMemory<byte>.Empty).NextCode);
        Assert.Throws<MessagePackSerializationException>(() => new MessagePackReader(ReadOnlyMemory<byte>.Empty).Skip());
    }

    [Fact]
    public void ReadRaw_NextValue_IsExactlyItsBytes()
    {
        byte[] message = DhtMessage.Encode();
        byte[] bytes = [.. message, 0x2a];
        MessagePackReader reader = new(TestData.Segmented(bytes, 10));
        Assert.Equal(message, reader.ReadRaw().ToArray());
        Assert.Equal(message.Length, reader.Consumed);
        Assert.Equal(bytes.Length - 1, reader.Sequence.Slice(0, reader.Position).Length);
        Assert.Equal(42, reader.ReadInt32());
        Assert.True(reader.End);
    }

    [Fact]
    public void ReadDoubleAndSingle_AcceptIntegersAndOtherWidth()
    {
        byte[] bytes = SampleMessages.Encode((ref MessagePackWriter w) =>
        {
            w.Write(-7);
            w.Write(ulong.MaxValue);
            w.Write(0.1f);
            w.Write(0.1);
        });
        MessagePackReader reader = new(bytes);
        Assert.Equal(-7.0, reader.ReadDouble());
        Assert.Equal(ulong.MaxValue, reader.ReadDouble());
        Assert.Equal((double)0.1f, reader.ReadDouble());
        Assert.Equal(0.1f, reader.ReadSingle());
    }

    [Fact]
    public void NextMessagePackType_EveryCode_MatchesSpecification()
    {
        for (int code = 0; code < 256; code++)
        {
            MessagePackType expected = code switch
            {
                <= 0x7f or >= 0xe0 or (>= 0xcc and <= 0xd3) => MessagePackType.Integer,
                <= 0x8f or 0xde or 0xdf => MessagePackType.Map,
                <= 0x9f or 0xdc or 0xdd => MessagePackType.Array,
                <= 0xbf or 0xd9 or 0xda or 0xdb => MessagePackType.String,
                0xc0 => MessagePackType.Nil,
                0xc1 => MessagePackType.Unknown,
                0xc2 or 0xc3 => MessagePackType.Boolean,
                0xc4 or 0xc5 or 0xc6 => MessagePackType.Binary,
                0xca or 0xcb => MessagePackType.Float,
                _ => MessagePackType.Extension,
            };
            Assert.Equal(expected, new MessagePackReader(new[] { (byte)code }).NextMessagePackType);
            Assert.False(string.IsNullOrEmpty(MessagePackCode.ToFormatName((byte)code)));
        }
    }

    [Fact]
    public void TryWritePrimitives_DestinationTooSmall_WriteNothing()
    {
        Span<byte> small = stackalloc byte[4];
        small.Fill(0xee);
        Assert.False(MessagePackPrimitives.TryWriteArrayHeader(small, 70_000, out int written));
        Assert.False(MessagePackPrimitives.TryWriteStringHeader(small.Slice(0, 1), 40, out written));
        Assert.False(MessagePackPrimitives.TryWriteBinHeader(small.Slice(0, 2), 300, out written));
        Assert.False(MessagePackPrimitives.TryWriteExtensionFormatHeader(small.Slice(0, 3), new ExtensionHeader(1, 300), out written));
        Assert.False(MessagePackPrimitives.TryWrite(small, new MessagePackTimestamp(1, 1), out written));
        Assert.False(MessagePackPrimitives.TryWrite(small, 1.0, out written));
        Assert.False(MessagePackPrimitives.TryWriteNil(Span<byte>.Empty, out written));
        Assert.Equal(0, written);
        Assert.True(small.ToArray().All(b => b == 0xee));
    }

    [Fact]
    public void TryReadPrimitives_ReportNeededBytes()
    {
        Assert.Equal(DecodeResult.EmptyBuffer, MessagePackPrimitives.TryReadInt32([], out _, out _));
        Assert.Equal(DecodeResult.InsufficientBuffer, MessagePackPrimitives.TryReadInt32([0xd2, 0, 0], out _, out int needed));
        Assert.Equal(5, needed);
        Assert.Equal(DecodeResult.InsufficientBuffer, MessagePackPrimitives.TryReadTimestamp([0xc7, 12, 0xff, 0], out _, out needed));
        Assert.Equal(15, needed);
        Assert.Equal(DecodeResult.TokenMismatch, MessagePackPrimitives.TryReadStringHeader([0xc4, 0], out _, out _));
        Assert.Equal(DecodeResult.TokenMismatch, MessagePackPrimitives.TryReadByte([0xcd, 1, 0], out _, out _));
    }

    [Fact]
    public void EncodeAndDecode_DhtMessage_AllocateNothing()
    {
        ArrayBufferWriter<byte> output = new(4096);
        for (int warm = 0; warm < 3; warm++)
        {
            output.ResetWrittenCount();
            MessagePackWriter w = new(output);
            DhtMessage.Write(ref w);
            w.Flush();
            Walk(output.WrittenMemory);
        }

        long encode = 0;
        long decode = 0;
        long checksum = 0;
        for (int i = 0; i < 100; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            output.ResetWrittenCount();
            MessagePackWriter w = new(output);
            DhtMessage.Write(ref w);
            w.Flush();
            long middle = GC.GetAllocatedBytesForCurrentThread();
            checksum = Walk(output.WrittenMemory);
            long after = GC.GetAllocatedBytesForCurrentThread();
            encode += middle - before;
            decode += after - middle;
        }

        Assert.Equal((0L, 0L), (encode, decode));
        Assert.Equal(8 + 1 + 7 + 8 + 32 + 65 + 2026 + (20 * (3 + 32 + 16)) + (20 * 30_000) + 190 + 64, checksum);
    }

    // No xunit asserts inside: they allocate. Returns a checksum the caller checks outside the measured loop.
    private static long Walk(ReadOnlyMemory<byte> bytes)
    {
        MessagePackReader reader = new(bytes);
        long sum = reader.ReadArrayHeader();
        sum += reader.ReadInt32();
        sum += reader.ReadByte();
        for (int i = 0; i < 3; i++)
        {
            sum += reader.TryReadBytesSpan(out ReadOnlySpan<byte> field) ? field.Length : -1000;
        }

        sum += reader.ReadDateTime().Year;
        int contacts = reader.ReadArrayHeader();
        for (int i = 0; i < contacts; i++)
        {
            sum += reader.ReadArrayHeader();
            sum += reader.TryReadBytesSpan(out ReadOnlySpan<byte> id) ? id.Length : -1000;
            sum += reader.ReadBytes()!.Value.Length;
            sum += reader.ReadUInt16();
        }

        sum += reader.TryReadBytesSpan(out ReadOnlySpan<byte> signature) ? signature.Length : -1000;
        return reader.End ? sum : -1;
    }

    /// <summary>An IBufferWriter that hands out spans of exactly the size asked for (at least 1).</summary>
    private sealed class MinimalBufferWriter : IBufferWriter<byte>
    {
        private readonly ArrayBufferWriter<byte> _inner = new();
        private byte[] _current = [];

        public ReadOnlySpan<byte> Written => _inner.WrittenSpan;

        public void Advance(int count)
        {
            _inner.Write(_current.AsSpan(0, count));
            _current = [];
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => _current = new byte[Math.Max(1, sizeHint)];

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}
