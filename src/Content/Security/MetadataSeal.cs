using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using Zhtp.Storage.Content.Manifests;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.MessagePack;
using static Zhtp.Storage.Content.Manifests.ManifestReading;

namespace Zhtp.Storage.Content.Security;

/// <summary>
/// Seals the descriptive metadata of HighSecurity and QuantumResistant content under the content key
/// (manifest field 10). Key = HKDF-SHA256(content key, salt = content id || version (u64 BE), info =
/// "zhtp-manifest-metadata-v2"), a key no segment uses; AES-256-GCM with a random 12-byte nonce,
/// associated data = "zhtp-manifest-metadata-v2" || content id || version. Plaintext =
/// <c>[filename, content type, [tag...], description]</c> zero-padded to a multiple of 256 bytes, so
/// the blob's length says little about the fields. Layout: nonce || ciphertext || tag.
/// </summary>
internal static class MetadataSeal
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int Block = 256;
    private static readonly byte[] Label = "zhtp-manifest-metadata-v2"u8.ToArray();

    /// <summary>The public part a manifest keeps in the clear: tier, access pattern, replication, access and expiry; the descriptive fields empty.</summary>
    public static ContentMetadata PublicPart(ContentMetadata metadata) =>
        metadata with { Filename = "", ContentType = "", Tags = [], Description = "" };

    public static byte[] Seal(ContentMetadata metadata, ReadOnlySpan<byte> contentKey, ContentId id, ulong version)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(4);
        writer.Write(metadata.Filename);
        writer.Write(metadata.ContentType);
        WriteTags(ref writer, metadata.Tags);
        writer.Write(metadata.Description);
        writer.Flush();
        int padded = (buffer.WrittenCount + Block - 1) / Block * Block;
        var plain = new byte[padded];
        buffer.WrittenSpan.CopyTo(plain);
        var sealedBytes = new byte[NonceSize + padded + TagSize];
        RandomNumberGenerator.Fill(sealedBytes.AsSpan(0, NonceSize));
        using var aes = new AesGcm(Key(contentKey, id, version), TagSize);
        aes.Encrypt(sealedBytes.AsSpan(0, NonceSize), plain, sealedBytes.AsSpan(NonceSize, padded), sealedBytes.AsSpan(NonceSize + padded), Associated(id, version));
        return sealedBytes;
    }

    /// <summary>The full metadata: <paramref name="publicPart"/> with the sealed fields restored.</summary>
    /// <exception cref="ManifestFormatException">The blob does not authenticate under this key, or its plaintext is malformed.</exception>
    public static ContentMetadata Open(ReadOnlySpan<byte> sealedBytes, ReadOnlySpan<byte> contentKey, ContentId id, ulong version, ContentMetadata publicPart)
    {
        if (sealedBytes.Length < NonceSize + TagSize + Block || (sealedBytes.Length - NonceSize - TagSize) % Block != 0)
        {
            Fail($"sealed metadata of {sealedBytes.Length} bytes has no valid length");
        }

        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(Key(contentKey, id, version), TagSize);
        try
        {
            aes.Decrypt(sealedBytes[..NonceSize], sealedBytes[NonceSize..^TagSize], sealedBytes[^TagSize..], plain, Associated(id, version));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new ManifestFormatException($"The sealed metadata of content {id} version {version} does not open under its content key; the manifest is corrupted.", e);
        }

        try
        {
            var reader = new MessagePackReader(plain);
            ExpectArray(ref reader, 4, "sealed metadata");
            string filename = Text(ref reader, 255, "filename");
            string contentType = Text(ref reader, 255, "content type");
            List<string> tags = Tags(ref reader);

            ContentMetadata metadata = publicPart with { Filename = filename, ContentType = contentType, Tags = tags, Description = Text(ref reader, 4096, "description") };
            if (plain.AsSpan((int)reader.Consumed).ContainsAnyExcept((byte)0) || metadata.Validate() is [_, ..])
            {
                Fail("the sealed metadata is not valid metadata");
            }

            return metadata;
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException or ArgumentException)
        {
            throw new ManifestFormatException($"Malformed sealed metadata: {e.Message}", e);
        }
    }

    private static byte[] Key(ReadOnlySpan<byte> contentKey, ContentId id, ulong version)
    {
        Span<byte> salt = stackalloc byte[Hash256.Size + 8];
        id.Key.WriteTo(salt);
        BinaryPrimitives.WriteUInt64BigEndian(salt[Hash256.Size..], version);
        var key = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, contentKey, key, salt, Label);
        return key;
    }

    private static byte[] Associated(ContentId id, ulong version)
    {
        var associated = new byte[Label.Length + Hash256.Size + 8];
        Label.CopyTo(associated, 0);
        id.Key.WriteTo(associated.AsSpan(Label.Length));
        BinaryPrimitives.WriteUInt64BigEndian(associated.AsSpan(Label.Length + Hash256.Size), version);
        return associated;
    }
}
