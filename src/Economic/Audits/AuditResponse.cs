using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Economic.Audits;

/// <summary>
/// A host's signed answer to an <see cref="AuditChallenge"/>: the leaf with its Merkle path, or
/// <see cref="Missing"/> when it does not hold the shard. The signature covers the challenge, the
/// answer and the host key; the wire form carries only the answer and the signature (the renter
/// knows the challenge it sent and the host key from the contract), so it fits one datagram.
/// </summary>
public sealed record AuditResponse
{
    internal const string Domain = "zhtp/economic/audit/v1";
    private const int MaxSiblings = 64;

    /// <summary>The challenge answered.</summary>
    public required AuditChallenge Challenge { get; init; }

    /// <summary>True when the host says it does not have the shard.</summary>
    public bool Missing { get; init; }

    /// <summary>The proof (null when <see cref="Missing"/>).</summary>
    public MerkleProof? Proof { get; init; }

    /// <summary>The host's public key.</summary>
    public required ReadOnlyMemory<byte> HostKey { get; init; }

    /// <summary>The host's signature over the body.</summary>
    public ReadOnlyMemory<byte> Signature { get; init; }

    /// <summary>Creates and signs an answer.</summary>
    public static AuditResponse Create(AuditChallenge challenge, MerkleProof? proof, INodeSigner host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var unsigned = new AuditResponse { Challenge = challenge, Missing = proof is null, Proof = proof, HostKey = host.PublicKey.ToArray() };
        return unsigned with { Signature = SignedEnvelope.Sign(host, Domain, unsigned.EncodeBody()) };
    }

    /// <summary>True when the signature verifies with <see cref="HostKey"/>.</summary>
    public bool VerifySignature(ISignatureVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        return SignedEnvelope.Verify(verifier, HostKey.Span, Domain, EncodeBody(), Signature.Span);
    }

    /// <summary>Wire form: [missing, leaf, siblings, signature].</summary>
    public byte[] Encode() => SignedEnvelope.Encode(this, static (ref MessagePackWriter w, AuditResponse a) =>
    {
        w.WriteArrayHeader(4);
        WriteAnswer(ref w, a);
        w.Write(a.Signature.Span);
    });

    /// <summary>Decodes the wire form for the <paramref name="challenge"/> that was sent to the host with <paramref name="hostKey"/> (does not verify).</summary>
    /// <exception cref="MessagePackSerializationException">Malformed bytes.</exception>
    public static AuditResponse Decode(ReadOnlyMemory<byte> encoded, AuditChallenge challenge, ReadOnlyMemory<byte> hostKey)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var r = new MessagePackReader(encoded);
        SignedEnvelope.ExpectArray(ref r, 4, "audit response");
        var missing = r.ReadBoolean();
        var leaf = SignedEnvelope.ReadBytes(ref r, ShardMerkleTree.LeafSize, "leaf");
        var count = r.ReadArrayHeader();
        if (count > MaxSiblings)
        {
            throw new MessagePackSerializationException($"audit response: {count} siblings exceed the limit of {MaxSiblings}.");
        }

        var siblings = new Hash256[count];
        for (var i = 0; i < count; i++)
        {
            siblings[i] = SignedEnvelope.ReadHash(ref r, "sibling");
        }

        var signature = SignedEnvelope.ReadBytes(ref r, 512, "audit signature");
        return new AuditResponse
        {
            Challenge = challenge,
            Missing = missing,
            Proof = missing ? null : new MerkleProof(challenge.LeafIndex, leaf, siblings),
            HostKey = hostKey,
            Signature = signature,
        };
    }

    private static void WriteAnswer(ref MessagePackWriter w, AuditResponse a)
    {
        w.Write(a.Missing);
        w.Write(a.Proof is null ? ReadOnlySpan<byte>.Empty : a.Proof.Leaf.Span);
        var siblings = a.Proof?.Siblings ?? [];
        w.WriteArrayHeader(siblings.Count);
        foreach (var s in siblings)
        {
            SignedEnvelope.WriteHash(ref w, s);
        }
    }

    private byte[] EncodeBody() => SignedEnvelope.Encode(this, static (ref MessagePackWriter w, AuditResponse a) =>
    {
        w.WriteArrayHeader(5);
        w.Write(a.Challenge.Encode());
        WriteAnswer(ref w, a);
        w.Write(a.HostKey.Span);
    });
}
