using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Zhtp.Storage.Types.MessagePack;

/// <summary>Builds the reader's and writer's exceptions, keeping throw sites and message formatting out of hot methods.</summary>
internal static class MessagePackThrowHelper
{
    /// <summary>The exception for a failed token read.</summary>
    /// <param name="result">Why the primitive failed.</param>
    /// <param name="expected">What the caller asked for.</param>
    /// <param name="integral">Whether the caller asked for an integer type (a mismatch on an integer token is then an overflow).</param>
    /// <param name="ahead">Up to 16 bytes from the offending token on.</param>
    /// <param name="needed">The bytes the token needs (for truncation).</param>
    /// <param name="offset">The offset of the token.</param>
    /// <param name="remaining">The bytes left from the token on.</param>
    /// <returns>The exception to throw.</returns>
    public static MessagePackSerializationException Unexpected(DecodeResult result, string expected, bool integral, ReadOnlySpan<byte> ahead, int needed, long offset, long remaining)
    {
        string at = offset.ToString(CultureInfo.InvariantCulture);
        if (result == DecodeResult.EmptyBuffer || ahead.IsEmpty)
        {
            return new MessagePackSerializationException($"Expected {expected} at offset {at} but the input ended there (truncated input).", offset);
        }

        byte code = ahead[0];
        string found = $"0x{code:x2} ({MessagePackCode.ToFormatName(code)})";
        if (result == DecodeResult.InsufficientBuffer)
        {
            return new MessagePackSerializationException(
                $"Expected {expected} at offset {at}: found {found}, which needs {needed} bytes, but only {remaining} remain (truncated input).", offset);
        }

        if (integral && MessagePackCode.ToMessagePackType(code) == MessagePackType.Integer)
        {
            string value = MessagePackPrimitives.TryReadUInt64(ahead, out ulong unsignedValue, out _) == DecodeResult.Success
                ? unsignedValue.ToString(CultureInfo.InvariantCulture)
                : MessagePackPrimitives.TryReadInt64(ahead, out long signedValue, out _) == DecodeResult.Success
                    ? signedValue.ToString(CultureInfo.InvariantCulture)
                    : "?";
            return new MessagePackSerializationException(
                $"Expected {expected} at offset {at} but found {found} with value {value}, which does not fit in {expected}.",
                offset,
                new OverflowException($"{value} is outside the range of {expected}."));
        }

        return new MessagePackSerializationException($"Expected {expected} at offset {at} but found {found}.", offset);
    }

    /// <summary>A header announced more bytes or elements than remain.</summary>
    [DoesNotReturn]
    public static void ThrowLengthExceedsInput(string what, long claimed, long remaining, long offset) =>
        throw new MessagePackSerializationException(
            $"The {what} read before offset {offset.ToString(CultureInfo.InvariantCulture)} is {claimed.ToString(CultureInfo.InvariantCulture)}, but only {remaining.ToString(CultureInfo.InvariantCulture)} bytes remain (truncated or hostile input).",
            offset);

    /// <summary>Nesting went past the configured limit.</summary>
    [DoesNotReturn]
    public static void ThrowDepthExceeded(int depth, int maximum, long offset) =>
        throw new MessagePackSerializationException(
            $"Nesting depth {depth.ToString(CultureInfo.InvariantCulture)} at offset {offset.ToString(CultureInfo.InvariantCulture)} exceeds the limit of {maximum.ToString(CultureInfo.InvariantCulture)} (MessagePackSecurity.MaximumObjectGraphDepth; raise it only for trusted input).",
            offset);

    /// <summary>The thread's stack is too small for the configured depth.</summary>
    [DoesNotReturn]
    public static void ThrowInsufficientStack(int depth, long offset) =>
        throw new MessagePackSerializationException(
            $"Nesting depth {depth.ToString(CultureInfo.InvariantCulture)} at offset {offset.ToString(CultureInfo.InvariantCulture)} would exhaust this thread's stack; lower MessagePackSecurity.MaximumObjectGraphDepth or read on a thread with a larger stack.",
            offset);

    /// <summary>A valid timestamp that <see cref="DateTime"/> cannot hold.</summary>
    [DoesNotReturn]
    public static void ThrowTimestampOutOfDateTimeRange(MessagePackTimestamp timestamp, long offset) =>
        throw new MessagePackSerializationException(
            $"Expected a DateTime at offset {offset.ToString(CultureInfo.InvariantCulture)} but the timestamp ({timestamp.Seconds.ToString(CultureInfo.InvariantCulture)} s) lies outside years 1..9999; read it with ReadTimestamp.",
            offset);

    /// <summary>A sequence-returning read on a reader made from a span.</summary>
    [DoesNotReturn]
    public static void ThrowSpanReader(string method) =>
        throw new InvalidOperationException(
            $"{method} returns a slice of the input as a ReadOnlySequence<byte>, which a reader made from a ReadOnlySpan<byte> does not have. Create the reader from ReadOnlyMemory<byte> or ReadOnlySequence<byte>, or use TryReadBytesSpan / TryReadStringSpan / TryReadRawSpan.");

    /// <summary>The buffer writer returned less than it was asked for.</summary>
    [DoesNotReturn]
    public static void ThrowBufferWriterTooSmall(int requested, int received) =>
        throw new InvalidOperationException(
            $"The IBufferWriter<byte> returned a span of {received.ToString(CultureInfo.InvariantCulture)} bytes when at least {requested.ToString(CultureInfo.InvariantCulture)} were requested; it violates the IBufferWriter contract.");
}
