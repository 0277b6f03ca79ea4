using System.Buffers;
using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Types.MessagePack;

/// <summary>
/// Reads MessagePack from a <see cref="ReadOnlySequence{T}"/>, a <see cref="ReadOnlyMemory{T}"/> or a
/// <see cref="ReadOnlySpan{T}"/>, with the public shape of MessagePack-CSharp's <c>MessagePackReader</c>.
/// </summary>
/// <remarks>
/// <para>Every failure — truncated input, a token of the wrong type, an integer that does not fit, a length larger
/// than the bytes left, nesting deeper than <see cref="MessagePackSecurity.MaximumObjectGraphDepth"/>, the reserved
/// code 0xc1 — throws <see cref="MessagePackSerializationException"/> naming what was expected, what was found and
/// the offset. Lengths and counts are checked against the remaining bytes before anything is sliced or allocated.
/// After an exception the reader's position is unspecified.</para>
/// <para>One type serves all three inputs. Over a single segment (every <see cref="ReadOnlyMemory{T}"/> and span)
/// each read is one call on the current span; tokens that straddle segments are copied to a 16-byte stack buffer.
/// Reads that return the input as a <see cref="ReadOnlySequence{T}"/> (<see cref="ReadBytes"/>,
/// <see cref="ReadStringSequence"/>, <see cref="ReadExtensionFormat"/>, <see cref="ReadRaw(long)"/>) need a
/// sequence and throw <see cref="InvalidOperationException"/> on a reader made from a span; use
/// <see cref="TryReadBytesSpan"/>, <see cref="TryReadStringSpan"/> and <see cref="TryReadRawSpan"/> there, which always
/// succeed over a span. Nothing allocates except <see cref="ReadString"/> (the string). Not thread-safe.</para>
/// </remarks>
public ref partial struct MessagePackReader
{
    private const int ScratchSize = 16;

    private readonly ReadOnlySequence<byte> _sequence;
    private readonly long _length;
    private readonly bool _spanOnly;
    private readonly ReadOnlyMemory<byte> _singleSegment;
    private readonly bool _isSingleSegment;
    private ReadOnlySpan<byte> _segment;
    private int _index;
    private long _consumedBeforeSegment;
    private SequencePosition _segmentStart;
    private SequencePosition _nextSegment;
    private MessagePackSecurity? _security;

    /// <summary>Creates a reader over contiguous memory (the fast single-segment path).</summary>
    /// <param name="memory">The input; not copied, must stay unchanged while reading.</param>
    public MessagePackReader(ReadOnlyMemory<byte> memory)
        : this(new ReadOnlySequence<byte>(memory), spanOnly: false)
    {
    }

    /// <summary>Creates a reader over an array (the fast single-segment path). This overload exists so that
    /// <c>new MessagePackReader(array)</c> picks the memory path rather than the span constructor, which would make
    /// the sequence-returning reads unavailable.</summary>
    /// <param name="array">The input; not copied, must stay unchanged while reading.</param>
    public MessagePackReader(byte[] array)
        : this(new ReadOnlySequence<byte>(array ?? throw new ArgumentNullException(nameof(array))), spanOnly: false)
    {
    }

    /// <summary>Creates a reader over a possibly segmented sequence (for example from a <c>PipeReader</c>).</summary>
    /// <param name="sequence">The input; not copied, must stay unchanged while reading.</param>
    public MessagePackReader(scoped in ReadOnlySequence<byte> sequence)
        : this(sequence, spanOnly: false)
    {
    }

    private MessagePackReader(ReadOnlySequence<byte> sequence, bool spanOnly)
    {
        _sequence = sequence;
        _length = sequence.Length;
        _spanOnly = spanOnly;
        _isSingleSegment = sequence.IsSingleSegment;
        _singleSegment = sequence.First;
        _segment = sequence.FirstSpan;
        _index = 0;
        _consumedBeforeSegment = 0;
        _segmentStart = sequence.Start;
        _nextSegment = sequence.Start;
        sequence.TryGet(ref _nextSegment, out _, advance: true);
        _security = null;
        Depth = 0;
    }

    /// <summary>Creates a reader over a span, for example a stack buffer. The sequence-returning reads throw
    /// <see cref="InvalidOperationException"/> on such a reader; see the remarks on <see cref="MessagePackReader"/>.</summary>
    /// <param name="span">The input.</param>
    public MessagePackReader(ReadOnlySpan<byte> span)
    {
        _sequence = default;
        _length = span.Length;
        _spanOnly = true;
        _isSingleSegment = true;
        _singleSegment = default;
        _segment = span;
        _index = 0;
        _consumedBeforeSegment = 0;
        _segmentStart = default;
        _nextSegment = default;
        _security = null;
        Depth = 0;
    }

    /// <summary>The limits this reader enforces; <see cref="MessagePackSecurity.Default"/> unless set.</summary>
    public MessagePackSecurity Security
    {
        readonly get => _security ?? MessagePackSecurity.Default;
        set => _security = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The current container nesting depth, maintained by <see cref="IncreaseDepth"/> /
    /// <see cref="DecreaseDepth"/> (or <see cref="MessagePackSecurity.DepthStep"/> and <c>Depth--</c>) and by
    /// <see cref="Skip"/>.</summary>
    public int Depth { get; set; }

    /// <summary>The input this reader was created over (empty for a reader made from a span).</summary>
    public readonly ReadOnlySequence<byte> Sequence => _sequence;

    /// <summary>The number of bytes read so far.</summary>
    public readonly long Consumed => _consumedBeforeSegment + _index;

    /// <summary>The number of bytes left.</summary>
    public readonly long Remaining => _length - Consumed;

    /// <summary>Whether all input has been read.</summary>
    public readonly bool End => Consumed >= _length;

    /// <summary>The current position in <see cref="Sequence"/>. For a reader made from a span there is no sequence:
    /// the position's object is null and its integer is <see cref="Consumed"/>.</summary>
    public readonly SequencePosition Position => _spanOnly
        ? new SequencePosition(null, _index)
        : _sequence.GetPosition(_index, _segmentStart);

    /// <summary>The first byte of the next token, without reading it.</summary>
    /// <exception cref="MessagePackSerializationException">The input is at its end.</exception>
    public readonly byte NextCode
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _index < _segment.Length ? _segment[_index] : PeekCodeSlow();
    }

    /// <summary>The value family of the next token, without reading it.</summary>
    /// <exception cref="MessagePackSerializationException">The input is at its end.</exception>
    public readonly MessagePackType NextMessagePackType => MessagePackCode.ToMessagePackType(NextCode);

    /// <summary>Whether the next token is nil (false at the end of the input).</summary>
    public readonly bool IsNil => !End && NextCode == MessagePackCode.Nil;

    /// <summary>A copy of this reader at the same position, for looking ahead without moving this one.</summary>
    /// <returns>An independent reader.</returns>
    public readonly MessagePackReader CreatePeekReader() => this;

    /// <summary>Enters a container: increments <see cref="Depth"/> and throws when it exceeds
    /// <see cref="MessagePackSecurity.MaximumObjectGraphDepth"/>. Call after reading an array or map header and
    /// before reading its elements; pair with <see cref="DecreaseDepth"/>.</summary>
    /// <exception cref="MessagePackSerializationException">The depth limit is exceeded.</exception>
    public void IncreaseDepth() => Security.DepthStep(ref this);

    /// <summary>Leaves a container entered with <see cref="IncreaseDepth"/>.</summary>
    public void DecreaseDepth() => Depth--;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private T ReadToken<TDecoder, T>()
        where TDecoder : ITokenDecoder<T>
    {
        DecodeResult result = TDecoder.TryRead(_segment.Slice(_index), out T value, out int tokenSize);
        if (result == DecodeResult.Success)
        {
            _index += tokenSize;
            return value;
        }

        return ReadTokenSlow<TDecoder, T>(result);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private T ReadTokenSlow<TDecoder, T>(DecodeResult result)
        where TDecoder : ITokenDecoder<T>
    {
        Span<byte> scratch = stackalloc byte[ScratchSize];
        int available = CopyAhead(scratch);
        ReadOnlySpan<byte> ahead = scratch.Slice(0, available);
        int tokenSize = 0;
        if (available > _segment.Length - _index)
        {
            result = TDecoder.TryRead(ahead, out T value, out tokenSize);
            if (result == DecodeResult.Success)
            {
                Advance(tokenSize);
                return value;
            }
        }
        else
        {
            TDecoder.TryRead(ahead, out _, out tokenSize);
        }

        throw MessagePackThrowHelper.Unexpected(result, TDecoder.Expected, TDecoder.IsIntegral, ahead, tokenSize, Consumed, Remaining);
    }

    /// <summary>Checks that <paramref name="length"/> bytes announced by a header just read remain.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void EnsureRemaining(long length, string what)
    {
        if (length > Remaining)
        {
            MessagePackThrowHelper.ThrowLengthExceedsInput(what, length, Remaining, Consumed);
        }
    }

    /// <summary>Moves forward; the caller has checked <paramref name="count"/> against <see cref="Remaining"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Advance(long count)
    {
        if (count <= _segment.Length - _index)
        {
            _index += (int)count;
            return;
        }

        AdvanceAcrossSegments(count);
    }

    private void AdvanceAcrossSegments(long count)
    {
        count = checked(count - (_segment.Length - _index));
        while (true)
        {
            SequencePosition next = _nextSegment;
            if (!_sequence.TryGet(ref next, out ReadOnlyMemory<byte> memory, advance: true))
            {
                MessagePackThrowHelper.ThrowLengthExceedsInput("advance", count, 0, Consumed);
            }

            _consumedBeforeSegment = checked(_consumedBeforeSegment + _segment.Length);
            _segmentStart = _nextSegment;
            _nextSegment = next;
            _segment = memory.Span;
            if (count <= _segment.Length)
            {
                _index = (int)count;
                return;
            }

            count -= _segment.Length;
        }
    }

    /// <summary>Copies up to <paramref name="destination"/>.Length bytes from the current position, across segments.</summary>
    private readonly int CopyAhead(Span<byte> destination)
    {
        ReadOnlySpan<byte> current = _segment.Slice(_index);
        int copied = Math.Min(current.Length, destination.Length);
        current.Slice(0, copied).CopyTo(destination);
        if (_spanOnly)
        {
            return copied;
        }

        SequencePosition position = _nextSegment;
        while (copied < destination.Length && _sequence.TryGet(ref position, out ReadOnlyMemory<byte> memory, advance: true))
        {
            int count = Math.Min(memory.Length, destination.Length - copied);
            memory.Span.Slice(0, count).CopyTo(destination.Slice(copied));
            copied += count;
        }

        return copied;
    }

    private readonly byte PeekCodeSlow()
    {
        Span<byte> one = stackalloc byte[1];
        if (CopyAhead(one) == 0)
        {
            throw MessagePackThrowHelper.Unexpected(DecodeResult.EmptyBuffer, "a MessagePack token", false, default, 1, Consumed, 0);
        }

        return one[0];
    }

    private readonly ReadOnlySequence<byte> SliceSequence(long length, string method)
    {
        if (_spanOnly)
        {
            MessagePackThrowHelper.ThrowSpanReader(method);
        }

        // A single segment is sliced as memory: much cheaper than positioning within the sequence.
        return _isSingleSegment
            ? new ReadOnlySequence<byte>(_singleSegment.Slice(_index, checked((int)length)))
            : _sequence.Slice(_sequence.GetPosition(_index, _segmentStart), length);
    }
}
