namespace Zhtp.Storage.Dht.Identity;

/// <summary>A signer whose key can also agree a shared secret with a peer's public key (static-static ECDH), enabling session MACs.</summary>
internal interface IKeyAgreement
{
    /// <summary>Writes the 32-byte raw shared secret with <paramref name="peerPublicKey"/>; false when the peer key is not a valid key of this algorithm.</summary>
    bool TryAgree(ReadOnlySpan<byte> peerPublicKey, Span<byte> sharedSecret);
}
