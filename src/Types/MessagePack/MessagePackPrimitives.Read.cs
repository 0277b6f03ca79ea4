using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Types.MessagePack;

// Implementation notes: the decoding half of the stateless layer. Every method looks at one token at the start of
// `source`, never reads past source.Length, and never throws on bad input: it reports a DecodeResult, and for
// InsufficientBuffer sets tokenSize to the number of bytes the token needs (header only for str/bin/ext, whose
// payload the caller checks against the bytes it has). An integer that does not fit the requested type is a
// TokenMismatch; MessagePackReader turns every non-success into a MessagePackSerializationException.
public static partial class MessagePackPrimitives
{
    /// <summary>Decodes nil.</summary>
    /// <param name="source">The bytes starting at the token.</param>
    /// <param name="tokenSize">The bytes consumed (1) on success, the bytes needed on <see cref="DecodeResult.InsufficientBuffer"/>.</param>
    /// <returns>The outcome.</returns>
    public static DecodeResult TryReadNil(ReadOnlySpan<byte> source, out int tokenSize)
    {
        tokenSize = 1;
        if (source.IsEmpty)
        {
            return DecodeResult.EmptyBuffer;
        }

        return source[0] == MessagePackCode.Nil ? DecodeResult.Success : DecodeResult.TokenMismatch;
    }

    /// <summary>Decodes true or false.</summary>
    /// <param name="source">The bytes starting at the token.</param>
    /// <param name="value">The decoded value.</param>
    /// <param name="tokenSize">The bytes consumed (1).</param>
    /// <returns>The outcome.</returns>
    public static DecodeResult TryReadBool(ReadOnlySpan<byte> source, out bool value, out int tokenSize)
    {
        tokenSize = 1;
        value = false;
        if (source.IsEmpty)
        {
            return DecodeResult.EmptyBuffer;
        }

        switch (source[0])
        {
            case MessagePackCode.True:
                value = true;
                return DecodeResult.Success;
            case MessagePackCode.False:
                return DecodeResult.Success;
            default:
                return DecodeResult.TokenMismatch;
        }
    }

    /// <summary>Decodes any integer format whose value fits a <see cref="long"/>.</summary>
    /// <param name="source">The bytes starting at the token.</param>
    /// <param name="value">The decoded value.</param>
    /// <param name="tokenSize">The bytes consumed on success; the bytes needed on <see cref="DecodeResult.InsufficientBuffer"/>.</param>
    /// <returns>The outcome; a uint 64 above <see cref="long.MaxValue"/> is a <see cref="DecodeResult.TokenMismatch"/>.</returns>
    public static DecodeResult TryReadInt64(ReadOnlySpan<byte> source, out long value, out int tokenSize)
    {
        value = 0;
        if (source.IsEmpty)
        {
            tokenSize = 1;
            return DecodeResult.EmptyBuffer;
        }

        byte code = source[0];
        if (code <= MessagePackCode.MaxFixInt)
        {
            tokenSize = 1;
            value = code;
            return DecodeResult.Success;
        }

        if (code >= MessagePackCode.MinNegativeFixInt)
        {
            tokenSize = 1;
            value = (sbyte)code;
            return DecodeResult.Success;
        }

        tokenSize = IntegerTokenSize(code);
        if (tokenSize == 0)
        {
            return DecodeResult.TokenMismatch;
        }

        if (source.Length < tokenSize)
        {
            return DecodeResult.InsufficientBuffer;
        }

        ReadOnlySpan<byte> body = source.Slice(1, tokenSize - 1);
        switch (code)
        {
            case MessagePackCode.UInt8: value = body[0]; break;
            case MessagePackCode.UInt16: value = BinaryPrimitives.ReadUInt16BigEndian(body); break;
            case MessagePackCode.UInt32: value = BinaryPrimitives.ReadUInt32BigEndian(body); break;
            case MessagePackCode.UInt64:
                ulong u = BinaryPrimitives.ReadUInt64BigEndian(body);
                if (u > long.MaxValue)
                {
                    return DecodeResult.TokenMismatch;
                }

                value = (long)u;
                break;
            case MessagePackCode.Int8: value = (sbyte)body[0]; break;
            case MessagePackCode.Int16: value = BinaryPrimitives.ReadInt16BigEndian(body); break;
            case MessagePackCode.Int32: value = BinaryPrimitives.ReadInt32BigEndian(body); break;
            default: value = BinaryPrimitives.ReadInt64BigEndian(body); break;
        }

        return DecodeResult.Success;
    }

    /// <summary>Decodes any integer format whose value fits a <see cref="ulong"/> (negative values do not).</summary>
    /// <param name="source">The bytes starting at the token.</param>
    /// <param name="value">The decoded value.</param>
    /// <param name="tokenSize">The bytes consumed on success; the bytes needed on <see cref="DecodeResult.InsufficientBuffer"/>.</param>
    /// <returns>The outcome.</returns>
    public static DecodeResult TryReadUInt64(ReadOnlySpan<byte> source, out ulong value, out int tokenSize)
    {
        if (!source.IsEmpty && source[0] == MessagePackCode.UInt64)
        {
            value = 0;
            tokenSize = 9;
            if (source.Length < 9)
            {
                return DecodeResult.InsufficientBuffer;
            }

            value = BinaryPrimitives.ReadUInt64BigEndian(source.Slice(1, 8));
            return DecodeResult.Success;
        }

        DecodeResult result = TryReadInt64(source, out long signed, out tokenSize);
        value = (ulong)signed;
        return result == DecodeResult.Success && signed < 0 ? Mismatch(out value) : result;
    }

    /// <summary>Decodes an integer that fits an <see cref="int"/>.</summary>
    /// <param name="source">The bytes starting at the token.</param>
    /// <param name="value">The decoded value.</param>
    /// <param name="tokenSize">The bytes consumed on success; the bytes needed on <see cref="DecodeResult.InsufficientBuffer"/>.</param>
    /// <returns>The outcome; out-of-range values are a <see cref="DecodeResult.TokenMismatch"/>.</returns>
    public static DecodeResult TryReadInt32(ReadOnlySpan<byte> source, out int value, out int tokenSize) => TryReadInteger(source, out value, out tokenSize);

    /// <summary>Decodes an integer that fits a <see cref="short"/>.</summary>
    /// <param name="source">The bytes starting at the token.</param>
    /// <param name="value">The decoded value.</param>
    /// <param name="tokenSize">The bytes consumed on success; the bytes needed on <see cref="DecodeResult.InsufficientBuffer"/>.</param>
    /// <returns>The outcome; out-of-range values are a <see cref="DecodeResult.TokenMismatch"/>.</returns>
    public static DecodeResult TryReadInt16(ReadOnlySpan<byte> source, out short value, out int tokenSize) => TryReadInteger(source, out value, out tokenSize);

    /// <summary>Decodes an integer that fits a <see cref="sbyte"/>.</summary>
    /// <param name="source">The bytes starting at the token.</param>
    /// <param name="value">The decoded value.</param>
    /// <param name="tokenSize">The bytes consumed on success; the bytes needed on <see cref="DecodeResult.InsufficientBuffer"/>.</param>
    /// <returns>The outcome; out-of-range values are a <see cref="DecodeResult.TokenMismatch"/>.</returns>
    public static DecodeResult TryReadSByte(ReadOnlySpan<byte> source, out sbyte value, out int tokenSize) => TryReadInteger(source, out value, out tokenSize);

    /// <summary>Decodes an integer that fits an <see cref="uint"/>.</summary>
    /// <param name="source">The bytes starting at the token.</param>
    /// <param name="value">The decoded value.</param>
    /// <param name="tokenSize">The bytes consumed on success; the bytes needed on <see cref="DecodeResult.InsufficientBuffer"/>.</param>
    /// <returns>The outcome; out-of-range values are a <see cref="DecodeResult.TokenMismatch"/>.</returns>
    public static DecodeResult TryReadUInt32(ReadOnlySpan<byte> source, out uint value, out int tokenSize) => TryReadInteger(source, out value, out tokenSize);

    /// <summary>Decodes an integer that fits a <see cref="ushort"/>.</summary>
    /// <param name="source">The bytes starting at the token.</param>
    /// <param name="value">The decoded value.</param>
    /// <param name="tokenSize">The bytes consumed on success; the bytes needed on <see cref="DecodeResult.InsufficientBuffer"/>.</param>
    /// <returns>The outcome; out-of-range values are a <see cref="DecodeResult.TokenMismatch"/>.</returns>
    public static DecodeResult TryReadUInt16(ReadOnlySpan<byte> source, out ushort value, out int tokenSize) => TryReadInteger(source, out value, out tokenSize);

    /// <summary>Decodes an integer that fits a <see cref="byte"/>.</summary>
    /// <param name="source">The bytes starting at the token.</param>
    /// <param name="value">The decoded value.</param>
    /// <param name="tokenSize">The bytes consumed on success; the bytes needed on <see cref="DecodeResult.InsufficientBuffer"/>.</param>
    /// <returns>The outcome; out-of-range values are a <see cref="DecodeResult.TokenMismatch"/>.</returns>
    public static DecodeResult TryReadByte(ReadOnlySpan<byte> source, out byte value, out int tokenSize) => TryReadInteger(source, out value, out tokenSize);

    /// <summary>Decodes any integer format into <typeparamref name="T"/>; values out of its range are a
    /// <see cref="DecodeResult.TokenMismatch"/>. Specialized by the JIT per integer type.</summary>
    internal static DecodeResult TryReadInteger<T>(ReadOnlySpan<byte> source, out T value, out int tokenSize)
        where T : struct, IBinaryInteger<T>
    {
        DecodeResult result;
        bool fits;
        if (!source.IsEmpty && source[0] == MessagePackCode.UInt64)
        {
            result = TryReadUInt64(source, out ulong unsignedValue, out tokenSize);
            value = T.CreateSaturating(unsignedValue);
            fits = ulong.CreateSaturating(value) == unsignedValue; // saturation round-trips only in range
        }
        else
        {
            result = TryReadInt64(source, out long signedValue, out tokenSize);
            value = T.CreateSaturating(signedValue);
            fits = long.CreateSaturating(value) == signedValue;
        }

        return result == DecodeResult.Success && !fits ? Mismatch(out value) : result;
    }

    /// <summary>Decodes a float 64, a float 32 or any integer as a <see cref="double"/> (as MessagePack-CSharp does).</summary>
    /// <param name="source">The bytes starting at the token.</param>
    /// <param name="value">The decoded value.</param>
    /// <param name="tokenSize">The bytes consumed on success; the bytes needed on <see cref="DecodeResult.InsufficientBuffer"/>.</param>
    /// <returns>The outcome.</returns>
    public static DecodeResult TryReadDouble(ReadOnlySpan<byte> source, out double value, out int tokenSize)
    {
        value = 0;
        if (source.IsEmpty)
        {
            tokenSize = 1;
            return DecodeResult.EmptyBuffer;
        }

        switch (source[0])
        {
            case MessagePackCode.Float64:
                tokenSize = 9;
                if (source.Length < 9)
                {
                    return DecodeResult.InsufficientBuffer;
                }

                value = BinaryPrimitives.ReadDoubleBigEndian(source.Slice(1, 8));
                return DecodeResult.Success;
            case MessagePackCode.Float32:
                tokenSize = 5;
                if (source.Length < 5)
                {
                    return DecodeResult.InsufficientBuffer;
                }

                value = BinaryPrimitives.ReadSingleBigEndian(source.Slice(1, 4));
                return DecodeResult.Success;
            case MessagePackCode.UInt64:
                DecodeResult unsignedResult = TryReadUInt64(source, out ulong u, out tokenSize);
                value = u;
                return unsignedResult;
            default:
                DecodeResult signedResult = TryReadInt64(source, out long l, out tokenSize);
                value = l;
                return signedResult;
        }
    }

    /// <summary>Decodes a float 32, a float 64 (rounded) or any integer as a <see cref="float"/>.</summary>
    /// <param name="source">The bytes starting at the token.</param>
    /// <param name="value">The decoded value.</param>
    /// <param name="tokenSize">The bytes consumed on success; the bytes needed on <see cref="DecodeResult.InsufficientBuffer"/>.</param>
    /// <returns>The outcome.</returns>
    public static DecodeResult TryReadSingle(ReadOnlySpan<byte> source, out float value, out int tokenSize)
    {
        if (!source.IsEmpty && source[0] == MessagePackCode.Float32)
        {
            value = 0;
            tokenSize = 5;
            if (source.Length < 5)
            {
                return DecodeResult.InsufficientBuffer;
            }

            value = BinaryPrimitives.ReadSingleBigEndian(source.Slice(1, 4));
            return DecodeResult.Success;
        }

        DecodeResult result = TryReadDouble(source, out double wide, out tokenSize);
        value = (float)wide;
        return result;
    }

    /// <summary>Decodes a fixarray, array 16 or array 32 header.</summary>
    /// <param name="source">The bytes starting at the token.</param>
    /// <param name="count">The number of elements that follow (not checked against anything here).</param>
    /// <param name="tokenSize">The header size on success; the bytes needed on <see cref="DecodeResult.InsufficientBuffer"/>.</param>
    /// <returns>The outcome.</returns>
    public static DecodeResult TryReadArrayHeader(ReadOnlySpan<byte> source, out uint count, out int tokenSize) =>
        TryReadLengthHeader(source, MessagePackCode.MinFixArray, MessagePackCode.MaxFixArray, 0, MessagePackCode.Array16, MessagePackCode.Array32, out count, out tokenSize);

    /// <summary>Decodes a fixmap, map 16 or map 32 header.</summary>
    /// <param name="source">The bytes starting at the token.</param>
    /// <param name="count">The number of key/value pairs that follow.</param>
    /// <param name="tokenSize">The header size on success; the bytes needed on <see cref="DecodeResult.InsufficientBuffer"/>.</param>
    /// <returns>The outcome.</returns>
    public static DecodeResult TryReadMapHeader(ReadOnlySpan<byte> source, out uint count, out int tokenSize) =>
        TryReadLengthHeader(source, MessagePackCode.MinFixMap, MessagePackCode.MaxFixMap, 0, MessagePackCode.Map16, MessagePackCode.Map32, out count, out tokenSize);

    /// <summary>Decodes a fixstr, str 8, str 16 or str 32 header.</summary>
    /// <param name="source">The bytes starting at the token.</param>
    /// <param name="length">The number of UTF-8 bytes that follow the header.</param>
    /// <param name="tokenSize">The header size on success; the bytes needed on <see cref="DecodeResult.InsufficientBuffer"/>.</param>
    /// <returns>The outcome.</returns>
    public static DecodeResult TryReadStringHeader(ReadOnlySpan<byte> source, out uint length, out int tokenSize) =>
        TryReadLengthHeader(source, MessagePackCode.MinFixStr, MessagePackCode.MaxFixStr, MessagePackCode.Str8, MessagePackCode.Str16, MessagePackCode.Str32, out length, out tokenSize);

    /// <summary>Decodes a bin 8, bin 16 or bin 32 header.</summary>
    /// <param name="source">The bytes starting at the token.</param>
    /// <param name="length">The number of bytes that follow the header.</param>
    /// <param name="tokenSize">The header size on success; the bytes needed on <see cref="DecodeResult.InsufficientBuffer"/>.</param>
    /// <returns>The outcome.</returns>
    public static DecodeResult TryReadBinHeader(ReadOnlySpan<byte> source, out uint length, out int tokenSize) =>
        TryReadLengthHeader(source, 1, 0, MessagePackCode.Bin8, MessagePackCode.Bin16, MessagePackCode.Bin32, out length, out tokenSize);

    /// <summary>Decodes a fixext 1/2/4/8/16 or ext 8/16/32 header (the data is not examined).</summary>
    /// <param name="source">The bytes starting at the token.</param>
    /// <param name="header">The type code and data length.</param>
    /// <param name="tokenSize">The header size on success; the bytes needed on <see cref="DecodeResult.InsufficientBuffer"/>.</param>
    /// <returns>The outcome.</returns>
    public static DecodeResult TryReadExtensionHeader(ReadOnlySpan<byte> source, out ExtensionHeader header, out int tokenSize)
    {
        header = default;
        if (source.IsEmpty)
        {
            tokenSize = 1;
            return DecodeResult.EmptyBuffer;
        }

        uint length;
        byte code = source[0];
        switch (code)
        {
            case >= MessagePackCode.FixExt1 and <= MessagePackCode.FixExt16:
                tokenSize = 2;
                length = 1u << (code - MessagePackCode.FixExt1);
                break;
            case MessagePackCode.Ext8:
                tokenSize = 3;
                length = source.Length >= 2 ? source[1] : 0u;
                break;
            case MessagePackCode.Ext16:
                tokenSize = 4;
                length = source.Length >= 3 ? BinaryPrimitives.ReadUInt16BigEndian(source.Slice(1, 2)) : 0u;
                break;
            case MessagePackCode.Ext32:
                tokenSize = 6;
                length = source.Length >= 5 ? BinaryPrimitives.ReadUInt32BigEndian(source.Slice(1, 4)) : 0;
                break;
            default:
                tokenSize = 0;
                return DecodeResult.TokenMismatch;
        }

        if (source.Length < tokenSize)
        {
            return DecodeResult.InsufficientBuffer;
        }

        header = new ExtensionHeader(unchecked((sbyte)source[tokenSize - 1]), length);
        return DecodeResult.Success;
    }

    /// <summary>Decodes a whole timestamp extension value (type −1 with 4, 8 or 12 data bytes).</summary>
    /// <param name="source">The bytes starting at the token.</param>
    /// <param name="value">The decoded timestamp.</param>
    /// <param name="tokenSize">The token size including data on success; the bytes needed on <see cref="DecodeResult.InsufficientBuffer"/>.</param>
    /// <returns>The outcome; another extension type, a data length other than 4/8/12 or nanoseconds ≥ 10⁹ are a
    /// <see cref="DecodeResult.TokenMismatch"/>.</returns>
    public static DecodeResult TryReadTimestamp(ReadOnlySpan<byte> source, out MessagePackTimestamp value, out int tokenSize)
    {
        value = default;
        DecodeResult result = TryReadExtensionHeader(source, out ExtensionHeader header, out int headerSize);
        if (result != DecodeResult.Success)
        {
            tokenSize = headerSize;
            return result;
        }

        if (header.TypeCode != ReservedMessagePackExtensionTypeCode.DateTime || header.Length is not (4 or 8 or 12))
        {
            tokenSize = 0;
            return DecodeResult.TokenMismatch;
        }

        tokenSize = headerSize + (int)header.Length;
        if (source.Length < tokenSize)
        {
            return DecodeResult.InsufficientBuffer;
        }

        ReadOnlySpan<byte> data = source.Slice(headerSize, (int)header.Length);
        long seconds;
        uint nanoseconds;
        switch (header.Length)
        {
            case 4:
                seconds = BinaryPrimitives.ReadUInt32BigEndian(data);
                nanoseconds = 0;
                break;
            case 8:
                ulong packed = BinaryPrimitives.ReadUInt64BigEndian(data);
                nanoseconds = (uint)(packed >> 34);
                seconds = (long)(packed & 0x3_FFFF_FFFFUL);
                break;
            default:
                nanoseconds = BinaryPrimitives.ReadUInt32BigEndian(data);
                seconds = BinaryPrimitives.ReadInt64BigEndian(data.Slice(4));
                break;
        }

        if (nanoseconds >= MessagePackTimestamp.MaxNanosecondsExclusive)
        {
            return DecodeResult.TokenMismatch;
        }

        value = new MessagePackTimestamp(seconds, nanoseconds);
        return DecodeResult.Success;
    }

    /// <summary>Decodes a timestamp extension value as a UTC <see cref="DateTime"/> (nanoseconds truncated to ticks).</summary>
    /// <param name="source">The bytes starting at the token.</param>
    /// <param name="value">The decoded time.</param>
    /// <param name="tokenSize">The token size on success; the bytes needed on <see cref="DecodeResult.InsufficientBuffer"/>.</param>
    /// <returns>The outcome; an instant outside the range of <see cref="DateTime"/> is a <see cref="DecodeResult.TokenMismatch"/>.</returns>
    public static DecodeResult TryReadDateTime(ReadOnlySpan<byte> source, out DateTime value, out int tokenSize)
    {
        DecodeResult result = TryReadTimestamp(source, out MessagePackTimestamp timestamp, out tokenSize);
        value = default;
        if (result == DecodeResult.Success && !timestamp.TryToDateTime(out value))
        {
            return DecodeResult.TokenMismatch;
        }

        return result;
    }

    /// <summary>The size of the integer token that starts with <paramref name="code"/>, or 0 when it is no integer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int IntegerTokenSize(byte code) => code switch
    {
        <= MessagePackCode.MaxFixInt or >= MessagePackCode.MinNegativeFixInt => 1,
        MessagePackCode.UInt8 or MessagePackCode.Int8 => 2,
        MessagePackCode.UInt16 or MessagePackCode.Int16 => 3,
        MessagePackCode.UInt32 or MessagePackCode.Int32 => 5,
        MessagePackCode.UInt64 or MessagePackCode.Int64 => 9,
        _ => 0,
    };

    private static DecodeResult Mismatch<T>(out T value)
        where T : struct
    {
        value = default;
        return DecodeResult.TokenMismatch;
    }

    // Shared by str/bin/array/map: a fix range (minFix..maxFix, length in the low bits; empty range when minFix > maxFix)
    // and up to three sized codes (8-bit, 16-bit, 32-bit big-endian length; code8 = 0 when the family has no 8-bit form).
    private static DecodeResult TryReadLengthHeader(ReadOnlySpan<byte> source, byte minFix, byte maxFix, byte code8, byte code16, byte code32, out uint length, out int tokenSize)
    {
        length = 0;
        if (source.IsEmpty)
        {
            tokenSize = 1;
            return DecodeResult.EmptyBuffer;
        }

        byte code = source[0];
        if (code >= minFix && code <= maxFix)
        {
            tokenSize = 1;
            length = (uint)(code - minFix);
            return DecodeResult.Success;
        }

        if (code == code8 && code8 != 0)
        {
            tokenSize = 2;
            if (source.Length < 2)
            {
                return DecodeResult.InsufficientBuffer;
            }

            length = source[1];
            return DecodeResult.Success;
        }

        if (code == code16)
        {
            tokenSize = 3;
            if (source.Length < 3)
            {
                return DecodeResult.InsufficientBuffer;
            }

            length = BinaryPrimitives.ReadUInt16BigEndian(source.Slice(1, 2));
            return DecodeResult.Success;
        }

        if (code == code32)
        {
            tokenSize = 5;
            if (source.Length < 5)
            {
                return DecodeResult.InsufficientBuffer;
            }

            length = BinaryPrimitives.ReadUInt32BigEndian(source.Slice(1, 4));
            return DecodeResult.Success;
        }

        tokenSize = 0;
        return DecodeResult.TokenMismatch;
    }
}
