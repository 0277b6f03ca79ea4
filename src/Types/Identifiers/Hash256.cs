using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Zhtp.Storage.Types;

/// <summary>
/// A 256-bit value: the address space of the DHT and the output size of BLAKE3.
/// Immutable and 32 bytes in size; bytes are held big-endian so that byte order, numeric order
/// and Kademlia's XOR metric all agree (bit 0 is the most significant bit of byte 0).
/// </summary>
/// <remarks>
/// Text forms: 64 lower-case hex characters (<see cref="ToString()"/>) or 52 lower-case
/// RFC 4648 base32 characters without padding (<see cref="ToBase32"/>). Parsing accepts either
/// form, case-insensitively, and reports what is wrong with a rejected string.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Hash256 : IEquatable<Hash256>, IComparable<Hash256>, ISpanFormattable
{
    /// <summary>The size of the value in bytes (32).</summary>
    public const int Size = 32;

    /// <summary>The number of bits (256).</summary>
    public const int Bits = 256;

    // Big-endian words: _w0 holds bytes 0..7.
    private readonly ulong _w0, _w1, _w2, _w3;

    private Hash256(ulong w0, ulong w1, ulong w2, ulong w3)
    {
        _w0 = w0;
        _w1 = w1;
        _w2 = w2;
        _w3 = w3;
    }

    /// <summary>Creates a value from exactly 32 bytes (big-endian, byte 0 most significant).</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 32 bytes long.</exception>
    public Hash256(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            ThrowWrongLength(bytes.Length, nameof(bytes));
        }

        _w0 = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _w1 = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _w2 = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _w3 = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    /// <summary>The all-zero value.</summary>
    public static Hash256 Zero => default;

    /// <summary>The all-ones value (the largest XOR distance).</summary>
    public static Hash256 MaxValue => new(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue);

    /// <summary>True when every bit is zero.</summary>
    public bool IsZero => (_w0 | _w1 | _w2 | _w3) == 0;

    /// <summary>Creates a value from 32 random bytes of <paramref name="random"/> (tests, simulations, lookups of random ids).</summary>
    public static Hash256 Random(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<byte> bytes = stackalloc byte[Size];
        random.NextBytes(bytes);
        return new Hash256(bytes);
    }

    /// <summary>Writes the 32 bytes into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException($"A Hash256 needs a 32-byte destination; got {destination.Length} bytes.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _w0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _w1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _w2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _w3);
    }

    /// <summary>Returns the 32 bytes as a new array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>The XOR of two values: the Kademlia distance between them.</summary>
    public Hash256 Xor(Hash256 other) => new(_w0 ^ other._w0, _w1 ^ other._w1, _w2 ^ other._w2, _w3 ^ other._w3);

    /// <summary>The XOR distance (same as <see cref="Xor"/>).</summary>
    public static Hash256 operator ^(Hash256 left, Hash256 right) => left.Xor(right);

    /// <summary>
    /// The number of leading bits shared with <paramref name="other"/> (0..256). In Kademlia this
    /// picks the k-bucket: a contact sharing <c>n</c> leading bits with the local id goes to bucket <c>n</c>.
    /// </summary>
    public int CommonPrefixLength(Hash256 other) => Xor(other).LeadingZeroCount();

    /// <summary>The number of leading zero bits (256 for zero).</summary>
    public int LeadingZeroCount()
    {
        if (_w0 != 0)
        {
            return BitOperations.LeadingZeroCount(_w0);
        }

        if (_w1 != 0)
        {
            return 64 + BitOperations.LeadingZeroCount(_w1);
        }

        if (_w2 != 0)
        {
            return 128 + BitOperations.LeadingZeroCount(_w2);
        }

        return _w3 != 0 ? 192 + BitOperations.LeadingZeroCount(_w3) : Bits;
    }

    /// <summary>Returns bit <paramref name="index"/> (0 = most significant bit of byte 0).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in 0..255.</exception>
    public bool GetBit(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Bits);
        ulong word = Word(index >> 6);
        return ((word >> (63 - (index & 63))) & 1) != 0;
    }

    /// <summary>Returns a copy with bit <paramref name="index"/> flipped (0 = most significant bit).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in 0..255.</exception>
    public Hash256 FlipBit(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Bits);
        ulong mask = 1UL << (63 - (index & 63));
        return (index >> 6) switch
        {
            0 => new Hash256(_w0 ^ mask, _w1, _w2, _w3),
            1 => new Hash256(_w0, _w1 ^ mask, _w2, _w3),
            2 => new Hash256(_w0, _w1, _w2 ^ mask, _w3),
            _ => new Hash256(_w0, _w1, _w2, _w3 ^ mask),
        };
    }

    private ulong Word(int i) => i switch { 0 => _w0, 1 => _w1, 2 => _w2, _ => _w3 };

    /// <summary>Numeric (big-endian) comparison; for distances, the smaller value is the closer one.</summary>
    public int CompareTo(Hash256 other)
    {
        int c = _w0.CompareTo(other._w0);
        if (c != 0)
        {
            return c;
        }

        c = _w1.CompareTo(other._w1);
        if (c != 0)
        {
            return c;
        }

        c = _w2.CompareTo(other._w2);
        return c != 0 ? c : _w3.CompareTo(other._w3);
    }

    /// <inheritdoc />
    public bool Equals(Hash256 other) => ((_w0 ^ other._w0) | (_w1 ^ other._w1) | (_w2 ^ other._w2) | (_w3 ^ other._w3)) == 0;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Hash256 other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_w0, _w1, _w2, _w3);

    /// <summary>Equality.</summary>
    public static bool operator ==(Hash256 left, Hash256 right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Hash256 left, Hash256 right) => !left.Equals(right);

    /// <summary>Numeric less-than.</summary>
    public static bool operator <(Hash256 left, Hash256 right) => left.CompareTo(right) < 0;

    /// <summary>Numeric greater-than.</summary>
    public static bool operator >(Hash256 left, Hash256 right) => left.CompareTo(right) > 0;

    /// <summary>Numeric less-than-or-equal.</summary>
    public static bool operator <=(Hash256 left, Hash256 right) => left.CompareTo(right) <= 0;

    /// <summary>Numeric greater-than-or-equal.</summary>
    public static bool operator >=(Hash256 left, Hash256 right) => left.CompareTo(right) >= 0;

    /// <summary>64 lower-case hex characters.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>52 lower-case RFC 4648 base32 characters, no padding.</summary>
    public string ToBase32()
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteTo(bytes);
        return Base32.Encode(bytes);
    }

    /// <summary>Formats as hex (format null, "" or "x") or base32 ("b").</summary>
    public string ToString(string? format, IFormatProvider? formatProvider) => format switch
    {
        null or "" or "x" => ToString(),
        "b" => ToBase32(),
        _ => throw new FormatException($"Unknown Hash256 format '{format}': use \"x\" (hex) or \"b\" (base32)."),
    };

    /// <summary>Formats as hex (format empty or "x") or base32 ("b") into <paramref name="destination"/>.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        string text = ToString(format.IsEmpty ? null : format.ToString(), provider);
        if (text.Length > destination.Length)
        {
            charsWritten = 0;
            return false;
        }

        text.AsSpan().CopyTo(destination);
        charsWritten = text.Length;
        return true;
    }

    /// <summary>Parses 64 hex or 52 base32 characters (case-insensitive).</summary>
    /// <exception cref="FormatException">The text is not a 256-bit value; the message says why.</exception>
    public static Hash256 Parse(string text) => Parse(text, nameof(Hash256));

    /// <summary>Parses like <see cref="Parse(string)"/>, naming <paramref name="what"/> in the error message.</summary>
    internal static Hash256 Parse(string? text, string what)
    {
        if (!TryParse(text, out Hash256 value, out string? error))
        {
            throw new FormatException($"Not a valid {what}: {error}");
        }

        return value;
    }

    /// <summary>Tries to parse 64 hex or 52 base32 characters (case-insensitive).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Hash256 value) => TryParse(text, out value, out _);

    /// <summary>Tries to parse; on failure <paramref name="error"/> says what is wrong with the text.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Hash256 value, out string? error)
    {
        value = default;
        Span<byte> bytes = stackalloc byte[Size];
        if (text.Length == Size * 2)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (!char.IsAsciiHexDigit(text[i]))
                {
                    error = $"'{text[i]}' at position {i} is not a hex digit (expected 64 hex characters).";
                    return false;
                }
            }

            Convert.FromHexString(text, bytes, out _, out _);
        }
        else if (text.Length == Base32.EncodedLength(Size))
        {
            if (!Base32.TryDecode(text, bytes, out error))
            {
                return false;
            }
        }
        else
        {
            error = $"expected 64 hex or 52 base32 characters, got {text.Length} characters.";
            return false;
        }

        value = new Hash256(bytes);
        error = null;
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowWrongLength(int length, string paramName) =>
        throw new ArgumentException($"A Hash256 is exactly 32 bytes; got {length} bytes.", paramName);
}
