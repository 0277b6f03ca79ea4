using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace Zhtp.Storage.Types.MessagePack;

/// <summary>
/// Writes MessagePack into an <see cref="IBufferWriter{T}"/>, with the public shape of MessagePack-CSharp's
/// <c>MessagePackWriter</c>. Bytes go into a span obtained from the buffer writer and are committed to it only by
/// <see cref="Flush"/> (and when a new span is needed), so call <see cref="Flush"/> once when done.
/// Integers use their smallest format, strings/binaries/containers their smallest header, extensions the fixext form
/// when the length allows, timestamps the smallest of timestamp 32/64/96. Allocation-free apart from whatever the
/// buffer writer allocates; not thread-safe.
/// </summary>
public ref struct MessagePackWriter
{
    private const int MinimumSpanRequest = 256;
    private readonly IBufferWriter<byte> _output;
    private Span<byte> _span;
    private int _buffered;

    /// <summary>Creates a writer that appends to <paramref name="output"/>.</summary>
    /// <param name="output">The destination; owned by the caller, which must not touch it until <see cref="Flush"/>.</param>
    public MessagePackWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _span = default;
        _buffered = 0;
    }

    /// <summary>Commits the buffered bytes to the underlying <see cref="IBufferWriter{T}"/> (calls its <c>Advance</c>).</summary>
    public void Flush()
    {
        if (_buffered > 0)
        {
            _output.Advance(_buffered);
        }

        _buffered = 0;
        _span = default;
    }

    /// <summary>Returns a span of at least <paramref name="length"/> bytes to write into directly; follow with
    /// <see cref="Advance"/>.</summary>
    /// <param name="length">The minimum size.</param>
    /// <returns>A span valid until the next call on this writer.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> GetSpan(int length)
    {
        Span<byte> free = _span.Slice(_buffered);
        return free.Length >= length ? free : GetSpanSlow(length);
    }

    /// <summary>Marks <paramref name="length"/> bytes of the span from <see cref="GetSpan"/> as written.</summary>
    /// <param name="length">The number of bytes written.</param>
    /// <exception cref="ArgumentOutOfRangeException">More than the span obtained.</exception>
    public void Advance(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, _span.Length - _buffered);
        _buffered += length;
    }

    /// <summary>Writes nil (0xc0).</summary>
    public void WriteNil() => WriteCode(MessagePackCode.Nil);

    /// <summary>Writes true (0xc3) or false (0xc2).</summary>
    /// <param name="value">The value.</param>
    public void Write(bool value) => WriteCode(value ? MessagePackCode.True : MessagePackCode.False);

    /// <summary>Writes an integer in its smallest format.</summary>
    /// <param name="value">The value.</param>
    public void Write(sbyte value) => Write((long)value);

    /// <inheritdoc cref="Write(sbyte)" />
    public void Write(short value) => Write((long)value);

    /// <inheritdoc cref="Write(sbyte)" />
    public void Write(int value) => Write((long)value);

    /// <inheritdoc cref="Write(sbyte)" />
    public void Write(long value)
    {
        Span<byte> span = GetSpan(MessagePackPrimitives.MaxIntegerTokenSize);
        MessagePackPrimitives.TryWrite(span, value, out int written);
        _buffered += written;
    }

    /// <inheritdoc cref="Write(sbyte)" />
    public void Write(byte value) => Write((ulong)value);

    /// <inheritdoc cref="Write(sbyte)" />
    public void Write(ushort value) => Write((ulong)value);

    /// <inheritdoc cref="Write(sbyte)" />
    public void Write(uint value) => Write((ulong)value);

    /// <inheritdoc cref="Write(sbyte)" />
    public void Write(ulong value)
    {
        Span<byte> span = GetSpan(MessagePackPrimitives.MaxIntegerTokenSize);
        MessagePackPrimitives.TryWrite(span, value, out int written);
        _buffered += written;
    }

    /// <summary>Writes a float 32.</summary>
    /// <param name="value">The value.</param>
    public void Write(float value)
    {
        MessagePackPrimitives.TryWrite(GetSpan(5), value, out int written);
        _buffered += written;
    }

    /// <summary>Writes a float 64.</summary>
    /// <param name="value">The value.</param>
    public void Write(double value)
    {
        MessagePackPrimitives.TryWrite(GetSpan(9), value, out int written);
        _buffered += written;
    }

    /// <summary>Writes a timestamp extension (type −1) in its smallest form. <see cref="DateTimeKind.Local"/> values
    /// are converted to UTC; <see cref="DateTimeKind.Unspecified"/> values are taken as UTC.</summary>
    /// <param name="value">The instant.</param>
    public void Write(DateTime value) => Write(MessagePackTimestamp.FromDateTime(value));

    /// <summary>Writes a timestamp extension (type −1) in its smallest form (timestamp 32, 64 or 96).</summary>
    /// <param name="value">The instant.</param>
    public void Write(MessagePackTimestamp value)
    {
        MessagePackPrimitives.TryWrite(GetSpan(15), value, out int written);
        _buffered += written;
    }

    /// <summary>Writes a string as UTF-8 (fixstr / str 8 / str 16 / str 32), or nil when <paramref name="value"/> is
    /// null. Unpaired surrogates are written as U+FFFD.</summary>
    /// <param name="value">The string.</param>
    public void Write(string? value)
    {
        if (value is null)
        {
            WriteNil();
            return;
        }

        Write(value.AsSpan());
    }

    /// <summary>Writes UTF-16 characters as a UTF-8 string (fixstr / str 8 / str 16 / str 32).</summary>
    /// <param name="value">The characters; unpaired surrogates are written as U+FFFD.</param>
    public void Write(scoped ReadOnlySpan<char> value)
    {
        int byteCount = Encoding.UTF8.GetByteCount(value);
        WriteStringHeader(byteCount);
        Span<byte> span = GetSpan(byteCount);
        _buffered += Encoding.UTF8.GetBytes(value, span);
    }

    /// <summary>Writes already-encoded UTF-8 bytes as a string (fixstr / str 8 / str 16 / str 32). The bytes are
    /// copied as they are, without validation.</summary>
    /// <param name="utf8">The UTF-8 bytes.</param>
    public void WriteString(scoped ReadOnlySpan<byte> utf8)
    {
        WriteStringHeader(utf8.Length);
        WriteRaw(utf8);
    }

    /// <summary>Writes already-encoded UTF-8 bytes as a string (fixstr / str 8 / str 16 / str 32).</summary>
    /// <param name="utf8">The UTF-8 bytes, at most <see cref="int.MaxValue"/>.</param>
    public void WriteString(in ReadOnlySequence<byte> utf8)
    {
        WriteStringHeader(checked((int)utf8.Length));
        WriteRaw(utf8);
    }

    /// <summary>Writes the header of a string whose <paramref name="byteCount"/> UTF-8 bytes the caller writes next
    /// (with <see cref="WriteRaw(ReadOnlySpan{byte})"/>).</summary>
    /// <param name="byteCount">The number of UTF-8 bytes; not negative.</param>
    public void WriteStringHeader(int byteCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteCount);
        MessagePackPrimitives.TryWriteStringHeader(GetSpan(5), (uint)byteCount, out int written);
        _buffered += written;
    }

    /// <summary>Writes a binary value (bin 8 / bin 16 / bin 32). Use <see cref="WriteString(ReadOnlySpan{byte})"/>
    /// for UTF-8 text.</summary>
    /// <param name="src">The bytes.</param>
    public void Write(scoped ReadOnlySpan<byte> src)
    {
        WriteBinHeader(src.Length);
        WriteRaw(src);
    }

    /// <summary>Writes a binary value (bin 8 / bin 16 / bin 32), or nil when <paramref name="src"/> is null.</summary>
    /// <param name="src">The bytes.</param>
    public void Write(byte[]? src)
    {
        if (src is null)
        {
            WriteNil();
            return;
        }

        Write(src.AsSpan());
    }

    /// <summary>Writes a binary value (bin 8 / bin 16 / bin 32) from possibly segmented bytes.</summary>
    /// <param name="src">The bytes, at most <see cref="int.MaxValue"/>.</param>
    public void Write(in ReadOnlySequence<byte> src)
    {
        WriteBinHeader(checked((int)src.Length));
        WriteRaw(src);
    }

    /// <summary>Writes the header of a binary value whose <paramref name="length"/> bytes the caller writes next.</summary>
    /// <param name="length">The number of bytes; not negative.</param>
    public void WriteBinHeader(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        MessagePackPrimitives.TryWriteBinHeader(GetSpan(5), (uint)length, out int written);
        _buffered += written;
    }

    /// <summary>Writes an array header; the caller then writes <paramref name="count"/> values.</summary>
    /// <param name="count">The number of elements; not negative.</param>
    public void WriteArrayHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        WriteArrayHeader((uint)count);
    }

    /// <summary>Writes an array header; the caller then writes <paramref name="count"/> values.</summary>
    /// <param name="count">The number of elements.</param>
    public void WriteArrayHeader(uint count)
    {
        MessagePackPrimitives.TryWriteArrayHeader(GetSpan(5), count, out int written);
        _buffered += written;
    }

    /// <summary>Writes a map header; the caller then writes <paramref name="count"/> key/value pairs.</summary>
    /// <param name="count">The number of pairs; not negative.</param>
    public void WriteMapHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        WriteMapHeader((uint)count);
    }

    /// <summary>Writes a map header; the caller then writes <paramref name="count"/> key/value pairs.</summary>
    /// <param name="count">The number of pairs.</param>
    public void WriteMapHeader(uint count)
    {
        MessagePackPrimitives.TryWriteMapHeader(GetSpan(5), count, out int written);
        _buffered += written;
    }

    /// <summary>Writes an extension header (fixext when the length is 1, 2, 4, 8 or 16, else ext 8/16/32); the caller
    /// then writes exactly <see cref="ExtensionHeader.Length"/> bytes with <see cref="WriteRaw(ReadOnlySpan{byte})"/>.</summary>
    /// <param name="extensionHeader">The type code and data length.</param>
    public void WriteExtensionFormatHeader(ExtensionHeader extensionHeader)
    {
        MessagePackPrimitives.TryWriteExtensionFormatHeader(GetSpan(6), extensionHeader, out int written);
        _buffered += written;
    }

    /// <summary>Writes a whole extension value: header and data.</summary>
    /// <param name="extensionData">The type code and data.</param>
    public void WriteExtensionFormat(ExtensionResult extensionData)
    {
        WriteExtensionFormatHeader(extensionData.Header);
        WriteRaw(extensionData.Data);
    }

    /// <summary>Copies bytes as they are (an already-encoded MessagePack fragment, or the payload after a header).</summary>
    /// <param name="rawMessagePackBlock">The bytes.</param>
    public void WriteRaw(scoped ReadOnlySpan<byte> rawMessagePackBlock)
    {
        Span<byte> free = _span.Slice(_buffered);
        if (rawMessagePackBlock.Length <= free.Length)
        {
            rawMessagePackBlock.CopyTo(free);
            _buffered += rawMessagePackBlock.Length;
            return;
        }

        WriteRawSlow(rawMessagePackBlock);
    }

    /// <summary>Copies possibly segmented bytes as they are.</summary>
    /// <param name="rawMessagePackBlock">The bytes.</param>
    public void WriteRaw(in ReadOnlySequence<byte> rawMessagePackBlock)
    {
        foreach (ReadOnlyMemory<byte> segment in rawMessagePackBlock)
        {
            WriteRaw(segment.Span);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteCode(byte code)
    {
        GetSpan(1)[0] = code;
        _buffered++;
    }

    private void WriteRawSlow(scoped ReadOnlySpan<byte> source)
    {
        while (!source.IsEmpty)
        {
            Span<byte> free = GetSpan(1);
            int count = Math.Min(free.Length, source.Length);
            source.Slice(0, count).CopyTo(free);
            _buffered += count;
            source = source.Slice(count);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Span<byte> GetSpanSlow(int length)
    {
        Flush();
        _span = _output.GetSpan(Math.Max(length, MinimumSpanRequest));
        if (_span.Length < length)
        {
            MessagePackThrowHelper.ThrowBufferWriterTooSmall(length, _span.Length);
        }

        return _span;
    }
}
