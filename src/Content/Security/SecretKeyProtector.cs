using System.Buffers.Binary;
using System.Security.Cryptography;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Security;

/// <summary>The secret-key protector of <see cref="ContentKeyProtectors.FromSecret"/> (wrap algorithm 1).</summary>
internal sealed class SecretKeyProtector : IContentKeyProtector
{
    public const byte AlgorithmId = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] Info = "zhtp-content-key-wrap-v1"u8.ToArray();
    private readonly byte[] _secret;
    private readonly byte[] _recipient = new byte[16];

    public SecretKeyProtector(ReadOnlySpan<byte> secret)
    {
        if (secret.Length < 32)
        {
            throw new ArgumentException($"A content key secret must hold at least 32 bytes; got {secret.Length}.", nameof(secret));
        }

        _secret = secret.ToArray();
        Span<byte> id = stackalloc byte[32];
        Blake3Hashing.DeriveKey("zhtp content key id v1", _secret, id);
        id[..16].CopyTo(_recipient);
    }

    public IReadOnlyList<WrappedKey> Wrap(ReadOnlySpan<byte> contentKey, ContentKeyContext context)
    {
        var wrapped = new byte[NonceSize + contentKey.Length + TagSize];
        RandomNumberGenerator.Fill(wrapped.AsSpan(0, NonceSize));
        using var aes = new AesGcm(WrappingKey(context), TagSize);
        aes.Encrypt(wrapped.AsSpan(0, NonceSize), contentKey, wrapped.AsSpan(NonceSize, contentKey.Length), wrapped.AsSpan(NonceSize + contentKey.Length), _recipient);
        return [new WrappedKey(_recipient.ToArray(), AlgorithmId, wrapped)];
    }

    public bool TryUnwrap(IReadOnlyList<WrappedKey> table, ContentKeyContext context, Span<byte> contentKey)
    {
        foreach (WrappedKey entry in table)
        {
            ReadOnlySpan<byte> c = entry.Ciphertext.Span;
            if (entry.Algorithm != AlgorithmId || !entry.Recipient.Span.SequenceEqual(_recipient) || c.Length != NonceSize + contentKey.Length + TagSize)
            {
                continue;
            }

            using var aes = new AesGcm(WrappingKey(context), TagSize);
            try
            {
                aes.Decrypt(c[..NonceSize], c.Slice(NonceSize, contentKey.Length), c[(NonceSize + contentKey.Length)..], contentKey, _recipient);
                return true;
            }
            catch (AuthenticationTagMismatchException)
            {
                contentKey.Clear();
            }
        }

        return false;
    }

    private byte[] WrappingKey(ContentKeyContext context)
    {
        var salt = new byte[Hash256.Size + 8];
        context.Id.Key.WriteTo(salt);
        BinaryPrimitives.WriteUInt64BigEndian(salt.AsSpan(Hash256.Size), context.Version);
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, _secret, 32, salt, Info);
    }
}
