namespace Zhtp.Storage.Dht;

/// <summary>
/// A node's identity key: signs outgoing messages and records and verifies those of other nodes
/// using the same algorithm. The node id is BLAKE3 of <see cref="PublicKey"/>. The seam through
/// which a post-quantum signer (ML-DSA) can replace ECDSA P-256.
/// </summary>
/// <remarks>Implementations are thread-safe: the node signs and verifies from many threads at once.</remarks>
public interface INodeSigner
{
    /// <summary>Algorithm id carried on the wire (see docs/protocol.md); a node drops messages of other algorithms.</summary>
    byte Algorithm { get; }

    /// <summary>The public key bytes exactly as sent on the wire.</summary>
    ReadOnlyMemory<byte> PublicKey { get; }

    /// <summary>The size of every signature this algorithm produces, in bytes.</summary>
    int SignatureSize { get; }

    /// <summary>Signs <paramref name="data"/> into <paramref name="signature"/> (exactly <see cref="SignatureSize"/> bytes).</summary>
    void Sign(ReadOnlySpan<byte> data, Span<byte> signature);

    /// <summary>True when <paramref name="signature"/> is a valid signature of <paramref name="data"/> by <paramref name="publicKey"/>; false for any malformed input (never throws on bad bytes).</summary>
    bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);
}
