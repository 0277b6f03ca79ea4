namespace Zhtp.Storage.Types;

/// <summary>
/// The identifier of a DHT node: BLAKE3 of the node's public key.
/// </summary>
/// <remarks>
/// A distinct type wrapping a <see cref="Hash256"/>: it does not convert implicitly to or from
/// the other identifier types, so a node id cannot be passed where a content hash is expected.
/// Converting between kinds is explicit and named (see the factory methods).
/// </remarks>
public readonly struct NodeId : IEquatable<NodeId>, IComparable<NodeId>, ISpanFormattable
{
    /// <summary>Wraps a 256-bit value.</summary>
    public NodeId(Hash256 value) => Value = value;

    /// <summary>The id of the node (or economic party) whose public key is <paramref name="publicKey"/>: BLAKE3 of the key bytes exactly as sent on the wire.</summary>
    public static NodeId FromPublicKey(ReadOnlySpan<byte> publicKey) => new(Blake3Hashing.Compute(publicKey));

    /// <summary>Creates the identifier from exactly 32 bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 32 bytes long.</exception>
    public NodeId(ReadOnlySpan<byte> bytes) => Value = new Hash256(bytes);

    /// <summary>The underlying 256-bit value.</summary>
    public Hash256 Value { get; }

    /// <summary>The Kademlia distance to a key.</summary>
    public Hash256 DistanceTo(DhtKey key) => Value.Xor(key.Value);

    /// <summary>The Kademlia distance to another node.</summary>
    public Hash256 DistanceTo(NodeId other) => Value.Xor(other.Value);

    /// <summary>Parses 64 hex or 52 base32 characters.</summary>
    /// <exception cref="FormatException">The text is not a valid NodeId; the message says why.</exception>
    public static NodeId Parse(string text) => new(Hash256.Parse(text, nameof(NodeId)));

    /// <summary>Tries to parse 64 hex or 52 base32 characters.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out NodeId value)
    {
        bool ok = Hash256.TryParse(text, out Hash256 hash);
        value = new NodeId(hash);
        return ok;
    }

    /// <summary>Writes the 32 bytes into <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination) => Value.WriteTo(destination);

    /// <inheritdoc />
    public bool Equals(NodeId other) => Value.Equals(other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is NodeId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();

    /// <inheritdoc />
    public int CompareTo(NodeId other) => Value.CompareTo(other.Value);

    /// <summary>Equality.</summary>
    public static bool operator ==(NodeId left, NodeId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(NodeId left, NodeId right) => !left.Equals(right);

    /// <summary>Ordering.</summary>
    public static bool operator <(NodeId left, NodeId right) => left.CompareTo(right) < 0;

    /// <summary>Ordering.</summary>
    public static bool operator >(NodeId left, NodeId right) => left.CompareTo(right) > 0;

    /// <summary>Ordering.</summary>
    public static bool operator <=(NodeId left, NodeId right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering.</summary>
    public static bool operator >=(NodeId left, NodeId right) => left.CompareTo(right) >= 0;

    /// <summary>64 lower-case hex characters.</summary>
    public override string ToString() => Value.ToString();

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => Value.ToString(format, formatProvider);

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        Value.TryFormat(destination, out charsWritten, format, provider);
}
