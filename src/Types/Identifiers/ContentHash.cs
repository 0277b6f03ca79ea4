namespace Zhtp.Storage.Types;

/// <summary>
/// The BLAKE3 hash of a piece of content (a file, a manifest, a shard).
/// </summary>
/// <remarks>
/// A distinct type wrapping a <see cref="Hash256"/>: it does not convert implicitly to or from
/// the other identifier types, so a node id cannot be passed where a content hash is expected.
/// Converting between kinds is explicit and named (see the factory methods).
/// </remarks>
public readonly struct ContentHash : IEquatable<ContentHash>, IComparable<ContentHash>, ISpanFormattable
{
    /// <summary>Wraps a 256-bit value.</summary>
    public ContentHash(Hash256 value) => Value = value;

    /// <summary>The BLAKE3 hash of <paramref name="content"/>.</summary>
    public static ContentHash Of(ReadOnlySpan<byte> content) => new(Blake3Hashing.Compute(content));

    /// <summary>Creates the identifier from exactly 32 bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 32 bytes long.</exception>
    public ContentHash(ReadOnlySpan<byte> bytes) => Value = new Hash256(bytes);

    /// <summary>The underlying 256-bit value.</summary>
    public Hash256 Value { get; }

    /// <summary>Parses 64 hex or 52 base32 characters.</summary>
    /// <exception cref="FormatException">The text is not a valid ContentHash; the message says why.</exception>
    public static ContentHash Parse(string text) => new(Hash256.Parse(text, nameof(ContentHash)));

    /// <summary>Tries to parse 64 hex or 52 base32 characters.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ContentHash value)
    {
        bool ok = Hash256.TryParse(text, out Hash256 hash);
        value = new ContentHash(hash);
        return ok;
    }

    /// <summary>Writes the 32 bytes into <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination) => Value.WriteTo(destination);

    /// <inheritdoc />
    public bool Equals(ContentHash other) => Value.Equals(other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ContentHash other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();

    /// <inheritdoc />
    public int CompareTo(ContentHash other) => Value.CompareTo(other.Value);

    /// <summary>Equality.</summary>
    public static bool operator ==(ContentHash left, ContentHash right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(ContentHash left, ContentHash right) => !left.Equals(right);

    /// <summary>Ordering.</summary>
    public static bool operator <(ContentHash left, ContentHash right) => left.CompareTo(right) < 0;

    /// <summary>Ordering.</summary>
    public static bool operator >(ContentHash left, ContentHash right) => left.CompareTo(right) > 0;

    /// <summary>Ordering.</summary>
    public static bool operator <=(ContentHash left, ContentHash right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering.</summary>
    public static bool operator >=(ContentHash left, ContentHash right) => left.CompareTo(right) >= 0;

    /// <summary>64 lower-case hex characters.</summary>
    public override string ToString() => Value.ToString();

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => Value.ToString(format, formatProvider);

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        Value.TryFormat(destination, out charsWritten, format, provider);
}
