namespace Zhtp.Storage.Dht;

/// <summary>
/// A node's identity key: signs outgoing messages, records and economic messages (quotes,
/// contracts, transitions, audit answers) and verifies those of others using the same algorithm.
/// The node id is <see cref="Types.NodeId.FromPublicKey"/> of <see cref="PublicKey"/>. The one
/// signing seam of every layer, through which a post-quantum signer (ML-DSA) can replace ECDSA P-256.
/// </summary>
/// <remarks>
/// Implementations are thread-safe: the node signs and verifies from many threads at once.
/// Disposing releases the private key; whoever created the signer disposes it, after every node and
/// component using it has stopped.
/// </remarks>
public interface INodeSigner : ISignatureVerifier, IDisposable
{
    /// <summary>Algorithm id carried on the wire, 0..63 (bits 0x40 and 0x80 of the field are flags; see docs/protocol.md); a node drops messages of other algorithms.</summary>
    byte Algorithm { get; }

    /// <summary>The public key bytes exactly as sent on the wire.</summary>
    ReadOnlyMemory<byte> PublicKey { get; }

    /// <summary>The size of every signature this algorithm produces, in bytes.</summary>
    int SignatureSize { get; }

    /// <summary>Signs <paramref name="data"/> into <paramref name="signature"/> (exactly <see cref="SignatureSize"/> bytes).</summary>
    void Sign(ReadOnlySpan<byte> data, Span<byte> signature);
}
