using System.Buffers;

namespace Zhtp.Storage.Types.MessagePack;

/// <summary>An extension value: a type code and its data. The data is not copied: a result returned by
/// <see cref="MessagePackReader.ReadExtensionFormat"/> refers to the reader's input and is valid only as long as that is.</summary>
public readonly struct ExtensionResult : IEquatable<ExtensionResult>
{
    /// <summary>Creates an extension value over contiguous data.</summary>
    /// <param name="typeCode">The extension type.</param>
    /// <param name="data">The extension data (not copied).</param>
    public ExtensionResult(sbyte typeCode, ReadOnlyMemory<byte> data)
        : this(typeCode, new ReadOnlySequence<byte>(data))
    {
    }

    /// <summary>Creates an extension value over possibly segmented data.</summary>
    /// <param name="typeCode">The extension type.</param>
    /// <param name="data">The extension data (not copied); at most <see cref="uint.MaxValue"/> bytes.</param>
    public ExtensionResult(sbyte typeCode, ReadOnlySequence<byte> data)
    {
        TypeCode = typeCode;
        Data = data;
    }

    /// <summary>The extension type.</summary>
    public sbyte TypeCode { get; }

    /// <summary>The extension data.</summary>
    public ReadOnlySequence<byte> Data { get; }

    /// <summary>The header that precedes <see cref="Data"/> on the wire.</summary>
    /// <exception cref="OverflowException">The data is longer than <see cref="uint.MaxValue"/> bytes.</exception>
    public ExtensionHeader Header => new(TypeCode, checked((uint)Data.Length));

    /// <summary>True when both have the same type code and byte-equal data.</summary>
    /// <param name="other">The value to compare with.</param>
    /// <returns>Whether the two are equal by content.</returns>
    public bool Equals(ExtensionResult other)
    {
        if (TypeCode != other.TypeCode || Data.Length != other.Data.Length)
        {
            return false;
        }

        if (Data.IsSingleSegment && other.Data.IsSingleSegment)
        {
            return Data.FirstSpan.SequenceEqual(other.Data.FirstSpan);
        }

        return Data.ToArray().AsSpan().SequenceEqual(other.Data.ToArray());
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ExtensionResult other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TypeCode, Data.Length);

    /// <summary>Content equality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether the two are equal by content.</returns>
    public static bool operator ==(ExtensionResult left, ExtensionResult right) => left.Equals(right);

    /// <summary>Content inequality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether the two differ.</returns>
    public static bool operator !=(ExtensionResult left, ExtensionResult right) => !left.Equals(right);
}
