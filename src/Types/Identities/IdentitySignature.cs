using System.Buffers;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Types.Identities;

/// <summary>
/// A signature by a <see cref="ZhtpIdentity"/>: the classical signature and the ML-DSA-65 signature
/// (each empty when the identity has no such key). Check with <see cref="PublicIdentity.Verify"/>,
/// which requires every signature the identity's kind calls for.
/// </summary>
/// <param name="Classical">The ECDSA P-256 or Ed25519 signature, or empty.</param>
/// <param name="PostQuantum">The ML-DSA-65 signature, or empty.</param>
public sealed record IdentitySignature(ReadOnlyMemory<byte> Classical, ReadOnlyMemory<byte> PostQuantum)
{
    private const int MaxPart = 16 * 1024;

    /// <summary>MessagePack <c>[classical (bin), post-quantum (bin)]</c>.</summary>
    public byte[] Encode()
    {
        var buffer = new ArrayBufferWriter<byte>(Classical.Length + PostQuantum.Length + 16);
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(2);
        writer.Write(Classical.Span);
        writer.Write(PostQuantum.Span);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads <see cref="Encode"/>'s output.</summary>
    /// <exception cref="IdentityFormatException">The bytes are not an encoded identity signature.</exception>
    public static IdentitySignature Decode(ReadOnlySpan<byte> encoded)
    {
        try
        {
            var reader = new MessagePackReader(encoded);
            if (reader.ReadArrayHeader() != 2)
            {
                throw new IdentityFormatException("An identity signature is a 2-element array [classical, post-quantum].");
            }

            byte[] classical = IdentityReading.Bin(ref reader, MaxPart, "classical signature");
            byte[] postQuantum = IdentityReading.Bin(ref reader, MaxPart, "post-quantum signature");
            if (!reader.End)
            {
                throw new IdentityFormatException("Trailing bytes after the identity signature.");
            }

            return new IdentitySignature(classical, postQuantum);
        }
        catch (Exception e) when (IdentityReading.IsDecodeError(e))
        {
            throw new IdentityFormatException($"Malformed identity signature: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public bool Equals(IdentitySignature? other) =>
        other is not null && Classical.Span.SequenceEqual(other.Classical.Span) && PostQuantum.Span.SequenceEqual(other.PostQuantum.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Classical.Length, PostQuantum.Length);
}
