using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Economic.Attestations;

/// <summary>
/// One holder's acknowledgement, the payload of its accepting ContractReply to a ContractDeploy or
/// ContractExecute: <c>[scheme, signature (bin), node key (bin)]</c>. Scheme 1: a BLS signature
/// (96 bytes) over <see cref="ContractAttestation.Statement(Hash256, long, Hash256)"/>, node key empty
/// (the renter knows the holder's <see cref="HolderKey"/>); scheme 2: the node key's signature over the
/// same statement, with the node key.
/// </summary>
internal sealed record HolderAck(int Scheme, ReadOnlyMemory<byte> Signature, ReadOnlyMemory<byte> NodeKey)
{
    public const int Bls = 1;
    public const int NodeSignature = 2;

    public byte[] Encode() => SignedEnvelope.Encode(this, static (ref MessagePackWriter w, HolderAck a) =>
    {
        w.WriteArrayHeader(3);
        w.Write(a.Scheme);
        w.Write(a.Signature.Span);
        w.Write(a.NodeKey.Span);
    });

    /// <summary>The acknowledgement in <paramref name="payload"/>, or null when it is empty or malformed.</summary>
    public static HolderAck? TryDecode(ReadOnlyMemory<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return null;
        }

        try
        {
            var r = new MessagePackReader(payload);
            SignedEnvelope.ExpectArray(ref r, 3, "acknowledgement");
            var scheme = r.ReadInt32();
            var signature = SignedEnvelope.ReadBytes(ref r, 8192, "signature");
            var nodeKey = SignedEnvelope.ReadBytes(ref r, 4096, "node key");
            return scheme is Bls or NodeSignature ? new HolderAck(scheme, signature, nodeKey) : null;
        }
        catch (MessagePackSerializationException)
        {
            return null;
        }
    }
}
