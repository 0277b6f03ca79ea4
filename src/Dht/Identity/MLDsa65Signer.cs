using Zhtp.Storage.Types.Cryptography;

namespace Zhtp.Storage.Dht.Identity;

// Implementation notes
// ML-DSA-65 (FIPS 204) through the Types crypto seam (platform MLDsa where supported, else
// BouncyCastle): public key 1,952 B, signature 3,309 B, private key the 32-byte seed ξ. Neither
// fits a datagram, so a node with this signer authenticates datagrams with handshake sessions
// (docs/protocol.md "Handshake"); bulk frames and records carry the full key and signature.

/// <summary>The post-quantum node signer: ML-DSA-65.</summary>
internal sealed class MLDsa65Signer : INodeSigner
{
    /// <summary>Wire algorithm id of ML-DSA-65 (the Types seam's <see cref="SignatureAlgorithm.MLDsa65"/>).</summary>
    public const byte AlgorithmId = (byte)SignatureAlgorithm.MLDsa65;

    private readonly ISigningKey _key;

    public MLDsa65Signer(ISigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Algorithm != SignatureAlgorithm.MLDsa65)
        {
            throw new ArgumentException($"The node key must be an ML-DSA-65 key, not {key.Algorithm}.", nameof(key));
        }

        _key = key;
    }

    public byte Algorithm => AlgorithmId;

    public ReadOnlyMemory<byte> PublicKey => _key.PublicKey;

    public int SignatureSize => _key.SignatureSize;

    public void Sign(ReadOnlySpan<byte> data, Span<byte> signature) => _key.Sign(data, signature);

    public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        SigningKeys.Verify(SignatureAlgorithm.MLDsa65, publicKey, data, signature);

    /// <summary>The 32-byte seed ξ (for the key file); the caller clears it.</summary>
    public byte[] ExportSeed() => _key.ExportPrivateKey();

    public void Dispose() => _key.Dispose();
}
