using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Types.MessagePack;

/// <summary>
/// Stateless MessagePack encoding and decoding of single tokens over spans — the lower of the two layers
/// (MessagePack-CSharp's <c>MessagePackPrimitives</c>). <c>TryWrite*</c> return false and write nothing when the
/// destination is too small; <c>TryRead*</c> return a <see cref="DecodeResult"/>. Nothing here allocates or throws on
/// bad input. Integer writers always choose the smallest format: non-negative values use positive fixint or
/// uint 8/16/32/64, negative values negative fixint or int 8/16/32/64.
/// </summary>
public static partial class MessagePackPrimitives
{
    /// <summary>The largest size of an integer token (uint 64 / int 64).</summary>
    internal const int MaxIntegerTokenSize = 9;

    /// <summary>Writes nil.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="bytesWritten">1 on success, else 0.</param>
    /// <returns>False when <paramref name="destination"/> is too small.</returns>
    public static bool TryWriteNil(Span<byte> destination, out int bytesWritten) =>
        TryWriteCode(destination, MessagePackCode.Nil, out bytesWritten);

    /// <summary>Writes true or false.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="value">The value.</param>
    /// <param name="bytesWritten">1 on success, else 0.</param>
    /// <returns>False when <paramref name="destination"/> is too small.</returns>
    public static bool TryWrite(Span<byte> destination, bool value, out int bytesWritten) =>
        TryWriteCode(destination, value ? MessagePackCode.True : MessagePackCode.False, out bytesWritten);

    /// <summary>Writes an integer in its smallest format.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="value">The value.</param>
    /// <param name="bytesWritten">The token size on success, else 0.</param>
    /// <returns>False when <paramref name="destination"/> is too small.</returns>
    public static bool TryWrite(Span<byte> destination, sbyte value, out int bytesWritten) => TryWrite(destination, (long)value, out bytesWritten);

    /// <inheritdoc cref="TryWrite(Span{byte}, sbyte, out int)" />
    public static bool TryWrite(Span<byte> destination, short value, out int bytesWritten) => TryWrite(destination, (long)value, out bytesWritten);

    /// <inheritdoc cref="TryWrite(Span{byte}, sbyte, out int)" />
    public static bool TryWrite(Span<byte> destination, int value, out int bytesWritten) => TryWrite(destination, (long)value, out bytesWritten);

    /// <inheritdoc cref="TryWrite(Span{byte}, sbyte, out int)" />
    public static bool TryWrite(Span<byte> destination, byte value, out int bytesWritten) => TryWrite(destination, (ulong)value, out bytesWritten);

    /// <inheritdoc cref="TryWrite(Span{byte}, sbyte, out int)" />
    public static bool TryWrite(Span<byte> destination, ushort value, out int bytesWritten) => TryWrite(destination, (ulong)value, out bytesWritten);

    /// <inheritdoc cref="TryWrite(Span{byte}, sbyte, out int)" />
    public static bool TryWrite(Span<byte> destination, uint value, out int bytesWritten) => TryWrite(destination, (ulong)value, out bytesWritten);

    /// <inheritdoc cref="TryWrite(Span{byte}, sbyte, out int)" />
    public static bool TryWrite(Span<byte> destination, long value, out int bytesWritten)
    {
        if (value >= 0)
        {
            return TryWrite(destination, (ulong)value, out bytesWritten);
        }

        if (value >= -32)
        {
            return TryWriteCode(destination, unchecked((byte)value), out bytesWritten);
        }

        if (value >= sbyte.MinValue)
        {
            return TryWriteCodeAndByte(destination, MessagePackCode.Int8, unchecked((byte)value), out bytesWritten);
        }

        if (value >= short.MinValue)
        {
            return TryWriteCodeAndUInt16(destination, MessagePackCode.Int16, unchecked((ushort)value), out bytesWritten);
        }

        if (value >= int.MinValue)
        {
            return TryWriteCodeAndUInt32(destination, MessagePackCode.Int32, unchecked((uint)value), out bytesWritten);
        }

        return TryWriteCodeAndUInt64(destination, MessagePackCode.Int64, unchecked((ulong)value), out bytesWritten);
    }

    /// <inheritdoc cref="TryWrite(Span{byte}, sbyte, out int)" />
    public static bool TryWrite(Span<byte> destination, ulong value, out int bytesWritten)
    {
        if (value <= MessagePackCode.MaxFixInt)
        {
            return TryWriteCode(destination, (byte)value, out bytesWritten);
        }

        if (value <= byte.MaxValue)
        {
            return TryWriteCodeAndByte(destination, MessagePackCode.UInt8, (byte)value, out bytesWritten);
        }

        if (value <= ushort.MaxValue)
        {
            return TryWriteCodeAndUInt16(destination, MessagePackCode.UInt16, (ushort)value, out bytesWritten);
        }

        if (value <= uint.MaxValue)
        {
            return TryWriteCodeAndUInt32(destination, MessagePackCode.UInt32, (uint)value, out bytesWritten);
        }

        return TryWriteCodeAndUInt64(destination, MessagePackCode.UInt64, value, out bytesWritten);
    }

    /// <summary>Writes a float 32.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="value">The value.</param>
    /// <param name="bytesWritten">5 on success, else 0.</param>
    /// <returns>False when <paramref name="destination"/> is too small.</returns>
    public static bool TryWrite(Span<byte> destination, float value, out int bytesWritten) =>
        TryWriteCodeAndUInt32(destination, MessagePackCode.Float32, BitConverter.SingleToUInt32Bits(value), out bytesWritten);

    /// <summary>Writes a float 64.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="value">The value.</param>
    /// <param name="bytesWritten">9 on success, else 0.</param>
    /// <returns>False when <paramref name="destination"/> is too small.</returns>
    public static bool TryWrite(Span<byte> destination, double value, out int bytesWritten) =>
        TryWriteCodeAndUInt64(destination, MessagePackCode.Float64, BitConverter.DoubleToUInt64Bits(value), out bytesWritten);

    /// <summary>Writes an array header (fixarray, array 16 or array 32, the smallest that fits).</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="count">The number of elements the caller writes next.</param>
    /// <param name="bytesWritten">The header size on success, else 0.</param>
    /// <returns>False when <paramref name="destination"/> is too small.</returns>
    public static bool TryWriteArrayHeader(Span<byte> destination, uint count, out int bytesWritten) =>
        TryWriteLengthHeader(destination, count, MessagePackCode.MinFixArray, 15, 0, MessagePackCode.Array16, MessagePackCode.Array32, out bytesWritten);

    /// <summary>Writes a map header (fixmap, map 16 or map 32, the smallest that fits).</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="count">The number of key/value pairs the caller writes next.</param>
    /// <param name="bytesWritten">The header size on success, else 0.</param>
    /// <returns>False when <paramref name="destination"/> is too small.</returns>
    public static bool TryWriteMapHeader(Span<byte> destination, uint count, out int bytesWritten) =>
        TryWriteLengthHeader(destination, count, MessagePackCode.MinFixMap, 15, 0, MessagePackCode.Map16, MessagePackCode.Map32, out bytesWritten);

    /// <summary>Writes a string header (fixstr, str 8, str 16 or str 32, the smallest that fits).</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="byteCount">The number of UTF-8 bytes the caller writes next.</param>
    /// <param name="bytesWritten">The header size on success, else 0.</param>
    /// <returns>False when <paramref name="destination"/> is too small.</returns>
    public static bool TryWriteStringHeader(Span<byte> destination, uint byteCount, out int bytesWritten) =>
        TryWriteLengthHeader(destination, byteCount, MessagePackCode.MinFixStr, 31, MessagePackCode.Str8, MessagePackCode.Str16, MessagePackCode.Str32, out bytesWritten);

    /// <summary>Writes a binary header (bin 8, bin 16 or bin 32, the smallest that fits).</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="length">The number of bytes the caller writes next.</param>
    /// <param name="bytesWritten">The header size on success, else 0.</param>
    /// <returns>False when <paramref name="destination"/> is too small.</returns>
    public static bool TryWriteBinHeader(Span<byte> destination, uint length, out int bytesWritten) =>
        TryWriteLengthHeader(destination, length, 0, 0, MessagePackCode.Bin8, MessagePackCode.Bin16, MessagePackCode.Bin32, out bytesWritten);

    /// <summary>Writes an extension header: fixext 1/2/4/8/16 when the length is one of those, else ext 8/16/32.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="header">The type code and the data length the caller writes next.</param>
    /// <param name="bytesWritten">The header size (2 to 6) on success, else 0.</param>
    /// <returns>False when <paramref name="destination"/> is too small.</returns>
    public static bool TryWriteExtensionFormatHeader(Span<byte> destination, ExtensionHeader header, out int bytesWritten)
    {
        byte type = unchecked((byte)header.TypeCode);
        byte fixCode = header.Length switch
        {
            1 => MessagePackCode.FixExt1,
            2 => MessagePackCode.FixExt2,
            4 => MessagePackCode.FixExt4,
            8 => MessagePackCode.FixExt8,
            16 => MessagePackCode.FixExt16,
            _ => 0,
        };
        if (fixCode != 0)
        {
            return TryWriteCodeAndByte(destination, fixCode, type, out bytesWritten);
        }

        int size = header.Length <= byte.MaxValue ? 3 : header.Length <= ushort.MaxValue ? 4 : 6;
        if (destination.Length < size)
        {
            bytesWritten = 0;
            return false;
        }

        TryWriteLengthHeader(destination, header.Length, 0, 0, MessagePackCode.Ext8, MessagePackCode.Ext16, MessagePackCode.Ext32, out bytesWritten);

        destination[bytesWritten++] = type;
        return true;
    }

    /// <summary>Writes a timestamp extension in its smallest form: timestamp 32 (seconds in 0..2³²−1, no
    /// nanoseconds), timestamp 64 (seconds in 0..2³⁴−1) or timestamp 96.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="value">The instant.</param>
    /// <param name="bytesWritten">6, 10 or 15 on success, else 0.</param>
    /// <returns>False when <paramref name="destination"/> is too small.</returns>
    public static bool TryWrite(Span<byte> destination, MessagePackTimestamp value, out int bytesWritten)
    {
        bytesWritten = 0;
        long seconds = value.Seconds;
        if ((seconds >> 34) == 0)
        {
            if (value.Nanoseconds == 0 && seconds <= uint.MaxValue)
            {
                if (destination.Length < 6)
                {
                    return false;
                }

                destination[0] = MessagePackCode.FixExt4;
                destination[1] = unchecked((byte)ReservedMessagePackExtensionTypeCode.DateTime);
                BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(2), (uint)seconds);
                bytesWritten = 6;
                return true;
            }

            if (destination.Length < 10)
            {
                return false;
            }

            destination[0] = MessagePackCode.FixExt8;
            destination[1] = unchecked((byte)ReservedMessagePackExtensionTypeCode.DateTime);
            BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(2), ((ulong)value.Nanoseconds << 34) | (ulong)seconds);
            bytesWritten = 10;
            return true;
        }

        if (destination.Length < 15)
        {
            return false;
        }

        destination[0] = MessagePackCode.Ext8;
        destination[1] = 12;
        destination[2] = unchecked((byte)ReservedMessagePackExtensionTypeCode.DateTime);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(3), value.Nanoseconds);
        BinaryPrimitives.WriteInt64BigEndian(destination.Slice(7), seconds);
        bytesWritten = 15;
        return true;
    }

    /// <summary>Writes a <see cref="DateTime"/> as a timestamp extension (see <see cref="MessagePackTimestamp.FromDateTime"/>).</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="value">The instant.</param>
    /// <param name="bytesWritten">6, 10 or 15 on success, else 0.</param>
    /// <returns>False when <paramref name="destination"/> is too small.</returns>
    public static bool TryWrite(Span<byte> destination, DateTime value, out int bytesWritten) =>
        TryWrite(destination, MessagePackTimestamp.FromDateTime(value), out bytesWritten);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryWriteCode(Span<byte> destination, byte code, out int bytesWritten)
    {
        if (destination.IsEmpty)
        {
            bytesWritten = 0;
            return false;
        }

        destination[0] = code;
        bytesWritten = 1;
        return true;
    }

    private static bool TryWriteCodeAndByte(Span<byte> destination, byte code, byte value, out int bytesWritten)
    {
        if (destination.Length < 2)
        {
            bytesWritten = 0;
            return false;
        }

        destination[1] = value;
        destination[0] = code;
        bytesWritten = 2;
        return true;
    }

    private static bool TryWriteCodeAndUInt16(Span<byte> destination, byte code, ushort value, out int bytesWritten)
    {
        if (destination.Length < 3)
        {
            bytesWritten = 0;
            return false;
        }

        destination[0] = code;
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(1), value);
        bytesWritten = 3;
        return true;
    }

    private static bool TryWriteCodeAndUInt32(Span<byte> destination, byte code, uint value, out int bytesWritten)
    {
        if (destination.Length < 5)
        {
            bytesWritten = 0;
            return false;
        }

        destination[0] = code;
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(1), value);
        bytesWritten = 5;
        return true;
    }

    private static bool TryWriteCodeAndUInt64(Span<byte> destination, byte code, ulong value, out int bytesWritten)
    {
        if (destination.Length < 9)
        {
            bytesWritten = 0;
            return false;
        }

        destination[0] = code;
        BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(1), value);
        bytesWritten = 9;
        return true;
    }

    // fixCode + length when length <= maxFix (maxFix 0 with fixCode 0 disables the fix form), else the smallest of
    // code8 (0 = the family has none), code16, code32.
    private static bool TryWriteLengthHeader(Span<byte> destination, uint length, byte fixCode, uint maxFix, byte code8, byte code16, byte code32, out int bytesWritten)
    {
        if (fixCode != 0 && length <= maxFix)
        {
            return TryWriteCode(destination, (byte)(fixCode | length), out bytesWritten);
        }

        if (code8 != 0 && length <= byte.MaxValue)
        {
            return TryWriteCodeAndByte(destination, code8, (byte)length, out bytesWritten);
        }

        if (length <= ushort.MaxValue)
        {
            return TryWriteCodeAndUInt16(destination, code16, (ushort)length, out bytesWritten);
        }

        return TryWriteCodeAndUInt32(destination, code32, length, out bytesWritten);
    }
}
