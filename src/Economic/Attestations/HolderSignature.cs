namespace Zhtp.Storage.Economic.Attestations;

/// <summary>One holder's acknowledgement signed with its node key (the path of holders without a BLS key).</summary>
/// <param name="NodeKey">The holder's node public key.</param>
/// <param name="Signature">Its node signature over the acknowledgement statement.</param>
public sealed record HolderSignature(ReadOnlyMemory<byte> NodeKey, ReadOnlyMemory<byte> Signature)
{
    /// <summary>The holder's node id.</summary>
    public NodeId Node => NodeId.FromPublicKey(NodeKey.Span);
}
