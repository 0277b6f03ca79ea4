namespace Zhtp.Storage.Types.MessagePack;

/// <summary>The header of an extension value: its application type code and the length of its data.</summary>
/// <param name="TypeCode">The extension type; negative codes are reserved by the specification (−1 is the timestamp).</param>
/// <param name="Length">The number of data bytes that follow the header.</param>
public readonly record struct ExtensionHeader(sbyte TypeCode, uint Length)
{
    /// <summary>Creates a header from a non-negative <see cref="int"/> length.</summary>
    /// <param name="typeCode">The extension type.</param>
    /// <param name="length">The data length; must not be negative.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public ExtensionHeader(sbyte typeCode, int length)
        : this(typeCode, checked((uint)CheckLength(length)))
    {
    }

    private static int CheckLength(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return length;
    }
}
