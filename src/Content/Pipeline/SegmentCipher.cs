using System.Buffers.Binary;
using System.Security.Cryptography;
using Zhtp.Storage.Content.Manifests;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content;

/// <summary>
/// Seals and opens segments. AES-256-GCM with the version's content key: nonce = version (u32 BE) ||
/// segment index (u64 BE), associated data = content id (32) || version (u64 BE) || index (u64 BE),
/// a 16-byte tag after the ciphertext. Each version has its own random key, and the nonce differs
/// per segment, so no (key, nonce) pair repeats.
/// </summary>
internal static class SegmentCipher
{
    public const int KeySize = 32;
    public const int TagSize = 16;

    public static int Overhead(SegmentCipherKind kind) => kind == SegmentCipherKind.Aes256Gcm ? TagSize : 0;

    /// <summary>Seals <paramref name="plain"/> into <paramref name="destination"/> (plain length + overhead); returns the bytes written.</summary>
    public static int Seal(SegmentCipherKind kind, ReadOnlySpan<byte> key, ContentId id, ulong version, long index, ReadOnlySpan<byte> plain, Span<byte> destination)
    {
        if (kind == SegmentCipherKind.None)
        {
            plain.CopyTo(destination);
            return plain.Length;
        }

        Span<byte> nonce = stackalloc byte[12];
        Span<byte> associated = stackalloc byte[Hash256.Size + 16];
        Bind(id, version, index, nonce, associated);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, destination[..plain.Length], destination.Slice(plain.Length, TagSize), associated);
        return plain.Length + TagSize;
    }

    /// <summary>Opens a sealed segment into <paramref name="destination"/>; returns the plain length.</summary>
    /// <exception cref="ContentIntegrityException">The tag does not verify (wrong key, or a forged or misplaced segment).</exception>
    public static int Open(SegmentCipherKind kind, ReadOnlySpan<byte> key, ContentId id, ulong version, long index, ReadOnlySpan<byte> sealedBytes, Span<byte> destination)
    {
        if (kind == SegmentCipherKind.None)
        {
            sealedBytes.CopyTo(destination);
            return sealedBytes.Length;
        }

        int length = sealedBytes.Length - TagSize;
        Span<byte> nonce = stackalloc byte[12];
        Span<byte> associated = stackalloc byte[Hash256.Size + 16];
        Bind(id, version, index, nonce, associated);
        using var aes = new AesGcm(key, TagSize);
        try
        {
            aes.Decrypt(nonce, sealedBytes[..length], sealedBytes[length..], destination[..length], associated);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new ContentIntegrityException($"Segment {index} of content {id} version {version} failed AES-GCM authentication: the key is wrong or the segment was altered.", e);
        }

        return length;
    }

    private static void Bind(ContentId id, ulong version, long index, Span<byte> nonce, Span<byte> associated)
    {
        BinaryPrimitives.WriteUInt32BigEndian(nonce, (uint)version);
        BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], (ulong)index);
        id.Key.WriteTo(associated);
        BinaryPrimitives.WriteUInt64BigEndian(associated[Hash256.Size..], version);
        BinaryPrimitives.WriteUInt64BigEndian(associated[(Hash256.Size + 8)..], (ulong)index);
    }
}
