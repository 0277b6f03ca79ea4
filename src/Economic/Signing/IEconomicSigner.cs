namespace Zhtp.Storage.Economic;

/// <summary>
/// Signs economic messages (quotes, offers, contracts, transitions, audit proofs) with a node's key.
/// The party's identity is its <see cref="PublicKey"/>; its node id is BLAKE3 of that key.
/// </summary>
public interface IEconomicSigner
{
    /// <summary>The encoded public key that verifies this signer's signatures.</summary>
    ReadOnlyMemory<byte> PublicKey { get; }

    /// <summary>Signs <paramref name="message"/> and returns the signature.</summary>
    byte[] Sign(ReadOnlySpan<byte> message);
}
