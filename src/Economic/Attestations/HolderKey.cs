using Zhtp.Storage.Types.Cryptography.Bls12381;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Economic.Attestations;

/// <summary>
/// A contract holder's BLS12-381 key, bound to its node key: the BLS public key (48 bytes), its proof
/// of possession (96 bytes; the PopProve of the POP ciphersuite, which stops rogue-key attacks on
/// aggregates) and the node's signature over both under domain <c>zhtp/economic/holder-key/v1</c>.
/// A holder hands it out on request (<c>zhtp/economic/holder-key/1</c>); a renter checks it once
/// (<see cref="Verify"/>) and then verifies the aggregate acknowledgements of many holders at once.
/// </summary>
/// <param name="NodeKey">The holder's node public key (its node id is BLAKE3 of it).</param>
/// <param name="BlsKey">The holder's BLS public key.</param>
/// <param name="Possession">Proof of possession of <paramref name="BlsKey"/>'s secret key.</param>
/// <param name="Signature">The node key's signature over the key and the proof.</param>
public sealed record HolderKey(ReadOnlyMemory<byte> NodeKey, PublicKey BlsKey, Signature Possession, ReadOnlyMemory<byte> Signature)
{
    /// <summary>The signing domain of the binding.</summary>
    public const string Domain = "zhtp/economic/holder-key/v1";

    private const int MaxNodeKey = 4096;
    private const int MaxSignature = 8192;

    /// <summary>The holder's node id.</summary>
    public NodeId Node => NodeId.FromPublicKey(NodeKey.Span);

    /// <summary>Binds <paramref name="key"/> to <paramref name="signer"/>'s node key, with a fresh proof of possession.</summary>
    public static HolderKey Create(INodeSigner signer, SecretKey key)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(key);
        var nodeKey = signer.PublicKey.ToArray();
        var blsKey = key.PublicKey;
        var possession = key.ProvePossession();
        return new HolderKey(nodeKey, blsKey, possession, SignedEnvelope.Sign(signer, Domain, Body(nodeKey, blsKey, possession)));
    }

    /// <summary>
    /// True when the node signature verifies under <see cref="NodeKey"/>, the BLS key is not the
    /// identity and its proof of possession verifies. Only keys that pass may enter an aggregate.
    /// </summary>
    public bool Verify(ISignatureVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        return !BlsKey.IsIdentity
            && SignedEnvelope.Verify(verifier, NodeKey.Span, Domain, Body(NodeKey.Span, BlsKey, Possession), Signature.Span)
            && Bls.VerifyPossession(BlsKey, Possession);
    }

    /// <summary>Encodes as <c>[1, node key (bin), BLS key (bin 48), possession (bin 96), signature (bin)]</c>.</summary>
    public byte[] Encode() => SignedEnvelope.Encode(this, static (ref MessagePackWriter w, HolderKey k) =>
    {
        w.WriteArrayHeader(5);
        w.Write(1);
        w.Write(k.NodeKey.Span);
        w.Write(k.BlsKey.ToBytes());
        w.Write(k.Possession.ToBytes());
        w.Write(k.Signature.Span);
    });

    /// <summary>Decodes <see cref="Encode"/>'s output (the BLS key and proof fully checked: curve and subgroup).</summary>
    /// <exception cref="MessagePackSerializationException">Malformed bytes or an invalid point.</exception>
    public static HolderKey Decode(ReadOnlyMemory<byte> encoded)
    {
        var r = new MessagePackReader(encoded);
        SignedEnvelope.ExpectArray(ref r, 5, "holder key");
        if (r.ReadInt32() != 1)
        {
            throw new MessagePackSerializationException("holder key: unknown version.");
        }

        var nodeKey = SignedEnvelope.ReadBytes(ref r, MaxNodeKey, "node key");
        if (!PublicKey.TryFromBytes(SignedEnvelope.ReadBytes(ref r, PublicKey.Size, "BLS key"), out var blsKey))
        {
            throw new MessagePackSerializationException("holder key: the BLS key is not a valid G1 point.");
        }

        if (!Types.Cryptography.Bls12381.Signature.TryFromBytes(SignedEnvelope.ReadBytes(ref r, Types.Cryptography.Bls12381.Signature.Size, "possession"), out var possession))
        {
            throw new MessagePackSerializationException("holder key: the proof of possession is not a valid G2 point.");
        }

        return new HolderKey(nodeKey, blsKey!, possession!, SignedEnvelope.ReadBytes(ref r, MaxSignature, "signature"));
    }

    private static byte[] Body(ReadOnlySpan<byte> nodeKey, PublicKey blsKey, Signature possession)
    {
        var body = new byte[nodeKey.Length + PublicKey.Size + Types.Cryptography.Bls12381.Signature.Size];
        nodeKey.CopyTo(body);
        blsKey.ToBytes().CopyTo(body.AsSpan(nodeKey.Length));
        possession.ToBytes().CopyTo(body.AsSpan(nodeKey.Length + PublicKey.Size));
        return body;
    }
}
