using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;

namespace Zhtp.Storage.Types.Cryptography;

/// <summary>X25519 (RFC 7748) on BouncyCastle; an all-zero result (small-order peer point) is refused.</summary>
internal sealed class X25519AgreementKey : IKeyAgreementKey
{
    public const int KeyBytes = 32;
    private readonly X25519PrivateKeyParameters _key;
    private readonly byte[] _publicKey;

    private X25519AgreementKey(X25519PrivateKeyParameters key)
    {
        _key = key;
        _publicKey = key.GeneratePublicKey().GetEncoded();
    }

    public KeyAgreementAlgorithm Algorithm => KeyAgreementAlgorithm.X25519;

    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    public static X25519AgreementKey Generate() => new(new X25519PrivateKeyParameters(PostQuantumBackend.Random));

    public static X25519AgreementKey Import(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != KeyBytes)
        {
            throw new CryptographicException($"An X25519 private key is 32 bytes; got {privateKey.Length} bytes.");
        }

        return new(new X25519PrivateKeyParameters(privateKey));
    }

    public bool TryAgree(ReadOnlySpan<byte> peerPublicKey, Span<byte> sharedSecret)
    {
        KeyAgreementKeys.CheckSecretSpan(sharedSecret);
        if (peerPublicKey.Length != KeyBytes)
        {
            return false;
        }

        var secret = new byte[KeyBytes];
        try
        {
            _key.GenerateSecret(new X25519PublicKeyParameters(peerPublicKey), secret, 0);
            secret.CopyTo(sharedSecret);
            return true;
        }
        catch (InvalidOperationException)
        {
            // BouncyCastle refuses the all-zero secret of a small-order point.
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    public byte[] ExportPrivateKey() => _key.GetEncoded();

    public void Dispose()
    {
        // BouncyCastle keeps the key in a private array; nothing to release.
    }
}
