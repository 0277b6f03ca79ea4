using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Zhtp.Storage.Types.Blake3;

/// <summary>A 32-byte BLAKE3 hash (the default output length). Compares by value; prints as lower-case hex.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Hash : IEquatable<Hash>
{
    /// <summary>The size of a hash in bytes.</summary>
    public const int Size = 32;

    private readonly HashBytes _bytes;

    /// <summary>Copies a hash from exactly 32 bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 32 bytes long.</exception>
    public Hash(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            Blake3ThrowHelper.ThrowHashLength(bytes.Length, nameof(bytes));
        }

        bytes.CopyTo(_bytes);
    }

    /// <summary>The 32 bytes, without copying; the span lives as long as this value.</summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> AsSpan() => _bytes;

    /// <summary>Copies the 32 bytes to a new array.</summary>
    public byte[] ToArray() => AsSpan().ToArray();

    /// <summary>Copies the 32 bytes to <paramref name="destination"/>, which must hold at least 32 bytes.</summary>
    public void CopyTo(Span<byte> destination) => AsSpan().CopyTo(destination);

    /// <inheritdoc />
    public bool Equals(Hash other) => AsSpan().SequenceEqual(other.AsSpan());

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Hash other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Unsafe.ReadUnaligned<int>(in _bytes[0]);

    /// <summary>The hash as 64 lower-case hexadecimal characters.</summary>
    public override string ToString() => Convert.ToHexStringLower(AsSpan());

    /// <summary>Whether two hashes are equal.</summary>
    public static bool operator ==(Hash left, Hash right) => left.Equals(right);

    /// <summary>Whether two hashes differ.</summary>
    public static bool operator !=(Hash left, Hash right) => !left.Equals(right);

    [InlineArray(Size)]
    private struct HashBytes
    {
        private byte _element0;
    }
}
