using System.Buffers;
using System.Text;

namespace Zhtp.Storage.Types.MessagePack;

// The typed reads. Every length read off the wire is checked against Remaining before it is used.
public ref partial struct MessagePackReader
{
    /// <summary>Reads nil if the next token is nil.</summary>
    /// <returns>True (and advances) when the next token is nil; false (without moving) otherwise or at the end.</returns>
    public bool TryReadNil()
    {
        if (IsNil)
        {
            Advance(1);
            return true;
        }

        return false;
    }

    /// <summary>Reads nil.</summary>
    /// <exception cref="MessagePackSerializationException">The next token is not nil, or the input ended.</exception>
    public void ReadNil() => ReadToken<NilDecoder, bool>();

    /// <summary>Reads true or false.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="MessagePackSerializationException">The next token is not a boolean, or the input ended.</exception>
    public bool ReadBoolean() => ReadToken<BoolDecoder, bool>();

    /// <summary>Reads an integer in any format whose value fits a <see cref="byte"/>.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="MessagePackSerializationException">Not an integer, out of range (inner <see cref="OverflowException"/>), or truncated.</exception>
    public byte ReadByte() => ReadToken<IntegerDecoder<byte>, byte>();

    /// <inheritdoc cref="ReadByte" />
    public sbyte ReadSByte() => ReadToken<IntegerDecoder<sbyte>, sbyte>();

    /// <inheritdoc cref="ReadByte" />
    public short ReadInt16() => ReadToken<IntegerDecoder<short>, short>();

    /// <inheritdoc cref="ReadByte" />
    public int ReadInt32() => ReadToken<IntegerDecoder<int>, int>();

    /// <inheritdoc cref="ReadByte" />
    public long ReadInt64() => ReadToken<IntegerDecoder<long>, long>();

    /// <inheritdoc cref="ReadByte" />
    public ushort ReadUInt16() => ReadToken<IntegerDecoder<ushort>, ushort>();

    /// <inheritdoc cref="ReadByte" />
    public uint ReadUInt32() => ReadToken<IntegerDecoder<uint>, uint>();

    /// <inheritdoc cref="ReadByte" />
    public ulong ReadUInt64() => ReadToken<IntegerDecoder<ulong>, ulong>();

    /// <summary>Reads a float 32, a float 64 (rounded to single) or any integer (converted).</summary>
    /// <returns>The value.</returns>
    /// <exception cref="MessagePackSerializationException">Not a number, or truncated.</exception>
    public float ReadSingle() => ReadToken<SingleDecoder, float>();

    /// <summary>Reads a float 64, a float 32 or any integer (converted), as MessagePack-CSharp does.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="MessagePackSerializationException">Not a number, or truncated.</exception>
    public double ReadDouble() => ReadToken<DoubleDecoder, double>();

    /// <summary>Reads an array header. The count is checked to be at most the bytes left (each element takes at
    /// least one byte), so a caller may size a collection from it.</summary>
    /// <returns>The number of elements that follow.</returns>
    /// <exception cref="MessagePackSerializationException">Not an array, truncated, or a count larger than the input could hold.</exception>
    public int ReadArrayHeader()
    {
        uint count = ReadToken<ArrayHeaderDecoder, uint>();
        EnsureRemaining(count, "array element count");
        return CheckedCount(count, "array element count");
    }

    /// <summary>Reads a map header. The count is checked to be at most half the bytes left (each key and each value
    /// takes at least one byte).</summary>
    /// <returns>The number of key/value pairs that follow.</returns>
    /// <exception cref="MessagePackSerializationException">Not a map, truncated, or a count larger than the input could hold.</exception>
    public int ReadMapHeader()
    {
        uint count = ReadToken<MapHeaderDecoder, uint>();
        EnsureRemaining(2L * count, "map entry count (x2)");
        return CheckedCount(count, "map entry count");
    }

    /// <summary>Reads a string (UTF-8; invalid sequences become U+FFFD) or nil.</summary>
    /// <returns>The string, or null for nil.</returns>
    /// <exception cref="MessagePackSerializationException">Not a string or nil, or truncated.</exception>
    public string? ReadString()
    {
        if (TryReadNil())
        {
            return null;
        }

        int length = ReadPayloadLength<StringHeaderDecoder>("string length");
        string value;
        if (length <= _segment.Length - _index)
        {
            value = Encoding.UTF8.GetString(_segment.Slice(_index, length));
        }
        else
        {
            value = Encoding.UTF8.GetString(_sequence.Slice(_sequence.GetPosition(_index, _segmentStart), length));
        }

        Advance(length);
        return value;
    }

    /// <summary>Reads a string's UTF-8 bytes without copying, when they are contiguous in the input.</summary>
    /// <param name="span">The UTF-8 bytes (valid as long as the input is).</param>
    /// <returns>True (and advances) on success; false without moving when the next token is nil or the string spans
    /// segments (then call <see cref="ReadString"/> or <see cref="ReadStringSequence"/>). Always true over a span for a string.</returns>
    /// <exception cref="MessagePackSerializationException">Neither a string nor nil, or truncated.</exception>
    public bool TryReadStringSpan(out ReadOnlySpan<byte> span) => TryReadPayloadSpan<StringHeaderDecoder>(out span, "string length");

    /// <summary>Reads a binary value's bytes without copying, when they are contiguous in the input.</summary>
    /// <param name="span">The bytes (valid as long as the input is).</param>
    /// <returns>True (and advances) on success; false without moving when the next token is nil or the value spans
    /// segments (then call <see cref="ReadBytes"/>).</returns>
    /// <exception cref="MessagePackSerializationException">Neither binary nor nil, or truncated.</exception>
    public bool TryReadBytesSpan(out ReadOnlySpan<byte> span) => TryReadPayloadSpan<BinHeaderDecoder>(out span, "binary length");

    /// <summary>Reads a string's UTF-8 bytes as a slice of the input (no copy), or nil.</summary>
    /// <returns>The bytes, or null for nil.</returns>
    /// <exception cref="MessagePackSerializationException">Neither a string nor nil, or truncated.</exception>
    /// <exception cref="InvalidOperationException">The reader was made from a span.</exception>
    public ReadOnlySequence<byte>? ReadStringSequence() => ReadPayloadSequence<StringHeaderDecoder>("string length", nameof(ReadStringSequence));

    /// <summary>Reads a binary value as a slice of the input (no copy), or nil.</summary>
    /// <returns>The bytes, or null for nil.</returns>
    /// <exception cref="MessagePackSerializationException">Neither binary nor nil, or truncated.</exception>
    /// <exception cref="InvalidOperationException">The reader was made from a span.</exception>
    public ReadOnlySequence<byte>? ReadBytes() => ReadPayloadSequence<BinHeaderDecoder>("binary length", nameof(ReadBytes));

    /// <summary>Reads an extension header and checks its data length against the bytes left; the reader is then at
    /// the data (read it with <see cref="ReadRaw(long)"/> or <see cref="TryReadRawSpan"/>).</summary>
    /// <returns>The type code and data length.</returns>
    /// <exception cref="MessagePackSerializationException">Not an extension, truncated, or a length beyond the input.</exception>
    public ExtensionHeader ReadExtensionFormatHeader()
    {
        ExtensionHeader header = ReadToken<ExtensionHeaderDecoder, ExtensionHeader>();
        EnsureRemaining(header.Length, "extension data length");
        return header;
    }

    /// <summary>Reads a whole extension value; the data is a slice of the input (no copy).</summary>
    /// <returns>The type code and data.</returns>
    /// <exception cref="MessagePackSerializationException">Not an extension, truncated, or a length beyond the input.</exception>
    /// <exception cref="InvalidOperationException">The reader was made from a span.</exception>
    public ExtensionResult ReadExtensionFormat()
    {
        ExtensionHeader header = ReadExtensionFormatHeader();
        return new ExtensionResult(header.TypeCode, ReadRaw(header.Length));
    }

    /// <summary>Reads a timestamp extension (type −1, timestamp 32/64/96) at full range and precision.</summary>
    /// <returns>The instant.</returns>
    /// <exception cref="MessagePackSerializationException">Not a timestamp, malformed, or truncated.</exception>
    public MessagePackTimestamp ReadTimestamp() => ReadToken<TimestampDecoder, MessagePackTimestamp>();

    /// <summary>Reads a timestamp extension as a UTC <see cref="DateTime"/> (nanoseconds truncated to 100 ns ticks).</summary>
    /// <returns>The instant, <see cref="DateTimeKind.Utc"/>.</returns>
    /// <exception cref="MessagePackSerializationException">Not a timestamp, malformed, truncated, or outside years 1..9999.</exception>
    public DateTime ReadDateTime()
    {
        long offset = Consumed;
        MessagePackTimestamp timestamp = ReadTimestamp();
        if (!timestamp.TryToDateTime(out DateTime value))
        {
            MessagePackThrowHelper.ThrowTimestampOutOfDateTimeRange(timestamp, offset);
        }

        return value;
    }

    /// <summary>Reads the next <paramref name="length"/> bytes as a slice of the input (no copy, no interpretation).</summary>
    /// <param name="length">The number of bytes.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="MessagePackSerializationException">Fewer bytes remain.</exception>
    /// <exception cref="InvalidOperationException">The reader was made from a span.</exception>
    public ReadOnlySequence<byte> ReadRaw(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        EnsureRemaining(length, "raw length");
        ReadOnlySequence<byte> slice = SliceSequence(length, nameof(ReadRaw));
        Advance(length);
        return slice;
    }

    /// <summary>Reads the next complete value (including nested values) as a slice of the input, enforcing the depth limit.</summary>
    /// <returns>The encoded value.</returns>
    /// <exception cref="MessagePackSerializationException">The value is malformed, truncated or too deep.</exception>
    /// <exception cref="InvalidOperationException">The reader was made from a span.</exception>
    public ReadOnlySequence<byte> ReadRaw()
    {
        MessagePackReader start = this;
        Skip();
        return start.ReadRaw(Consumed - start.Consumed);
    }

    /// <summary>Reads the next <paramref name="length"/> bytes without copying when they are contiguous.</summary>
    /// <param name="length">The number of bytes.</param>
    /// <param name="raw">The bytes (valid as long as the input is).</param>
    /// <returns>True (and advances) when contiguous; false without moving when they span segments.</returns>
    /// <exception cref="MessagePackSerializationException">Fewer bytes remain.</exception>
    public bool TryReadRawSpan(int length, out ReadOnlySpan<byte> raw)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        EnsureRemaining(length, "raw length");
        if (length <= _segment.Length - _index)
        {
            raw = _segment.Slice(_index, length);
            _index += length;
            return true;
        }

        raw = default;
        return false;
    }

    private readonly int CheckedCount(uint count, string what)
    {
        if (count > int.MaxValue)
        {
            MessagePackThrowHelper.ThrowLengthExceedsInput(what, count, Remaining, Consumed);
        }

        return (int)count;
    }

    private int ReadPayloadLength<TDecoder>(string what)
        where TDecoder : ITokenDecoder<uint>
    {
        uint length = ReadToken<TDecoder, uint>();
        EnsureRemaining(length, what);
        return CheckedCount(length, what);
    }

    private bool TryReadPayloadSpan<TDecoder>(out ReadOnlySpan<byte> span, string what)
        where TDecoder : ITokenDecoder<uint>
    {
        // Fast path: header and payload both in the current segment.
        ReadOnlySpan<byte> rest = _segment.Slice(_index);
        if (TDecoder.TryRead(rest, out uint payloadLength, out int headerSize) == DecodeResult.Success
            && payloadLength <= (uint)(rest.Length - headerSize))
        {
            span = rest.Slice(headerSize, (int)payloadLength);
            _index += headerSize + (int)payloadLength;
            return true;
        }

        span = default;
        if (IsNil)
        {
            return false;
        }

        MessagePackReader peek = this;
        int length = peek.ReadPayloadLength<TDecoder>(what);
        if (length > peek._segment.Length - peek._index)
        {
            return false;
        }

        span = peek._segment.Slice(peek._index, length);
        peek._index += length;
        this = peek;
        return true;
    }

    private ReadOnlySequence<byte>? ReadPayloadSequence<TDecoder>(string what, string method)
        where TDecoder : ITokenDecoder<uint>
    {
        if (_spanOnly)
        {
            MessagePackThrowHelper.ThrowSpanReader(method);
        }

        if (TryReadNil())
        {
            return null;
        }

        int length = ReadPayloadLength<TDecoder>(what);
        ReadOnlySequence<byte> slice = SliceSequence(length, method);
        Advance(length);
        return slice;
    }
}
