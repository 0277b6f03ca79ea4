using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Zhtp.Storage.Types.Cryptography;

/// <summary>Ed25519 (RFC 8032, pure) on BouncyCastle.</summary>
internal sealed class Ed25519SigningKey : ISigningKey
{
    public const int PublicKeyBytes = 32;
    public const int SignatureBytes = 64;
    public const int PrivateKeyBytes = 32;

    private readonly Ed25519PrivateKeyParameters _key;
    private readonly byte[] _publicKey;

    private Ed25519SigningKey(Ed25519PrivateKeyParameters key)
    {
        _key = key;
        _publicKey = key.GeneratePublicKey().GetEncoded();
    }

    public SignatureAlgorithm Algorithm => SignatureAlgorithm.Ed25519;

    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    public int SignatureSize => SignatureBytes;

    public static Ed25519SigningKey Generate() => new(new Ed25519PrivateKeyParameters(PostQuantumBackend.Random));

    public static Ed25519SigningKey Import(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != PrivateKeyBytes)
        {
            throw new CryptographicException($"An Ed25519 private key is the 32-byte seed; got {privateKey.Length} bytes.");
        }

        return new(new Ed25519PrivateKeyParameters(privateKey));
    }

    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeyBytes || signature.Length != SignatureBytes)
        {
            return false;
        }

        byte[] key = publicKey.ToArray();
        return BouncyCastleSignatures.Verify(new Ed25519Signer(), () => new Ed25519PublicKeyParameters(key), data, signature);
    }

    public void Sign(ReadOnlySpan<byte> data, Span<byte> signature)
    {
        SigningKeys.CheckSignatureSpan(signature, SignatureBytes);
        _key.Sign(Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Algorithm.Ed25519, null, data, signature[..SignatureBytes]);
    }

    public byte[] ExportPrivateKey() => _key.GetEncoded();

    public void Dispose()
    {
        // BouncyCastle keeps the seed in a private array it cannot clear; nothing to release.
    }
}
