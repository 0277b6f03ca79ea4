namespace Zhtp.Storage.Types.Cryptography;

/// <summary>A private key-agreement key (ECDH P-256 or X25519), from <see cref="KeyAgreementKeys"/>.</summary>
public interface IKeyAgreementKey : IDisposable
{
    /// <summary>The algorithm of this key.</summary>
    KeyAgreementAlgorithm Algorithm { get; }

    /// <summary>The encoded public key (P-256: 65 B uncompressed SEC1, X25519: 32 B).</summary>
    ReadOnlyMemory<byte> PublicKey { get; }

    /// <summary>
    /// Writes the raw 32-byte shared secret with <paramref name="peerPublicKey"/> into
    /// <paramref name="sharedSecret"/> (at least 32 bytes). False, never an exception, when the peer
    /// key is malformed, not on the curve, or (X25519) gives the all-zero secret.
    /// </summary>
    bool TryAgree(ReadOnlySpan<byte> peerPublicKey, Span<byte> sharedSecret);

    /// <summary>The 32-byte private key that <see cref="KeyAgreementKeys.Import"/> reads; the caller owns (and should clear) the array.</summary>
    byte[] ExportPrivateKey();
}
