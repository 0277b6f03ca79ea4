using Zhtp.Storage.Types.Cryptography.Bls12381;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Economic.Audits;

/// <summary>
/// A host's signed answer to an <see cref="AuditChallenge"/>: the leaf with its Merkle path, or
/// <see cref="Missing"/> when it does not hold the shard. The signature covers the challenge, the
/// answer and the host key (<see cref="SignedMessage"/>), made with the host's node key or, for a
/// host with a BLS holder key, with that key (<see cref="Kind"/>); the wire form carries only the
/// kind, the answer and the signature (the renter knows the challenge it sent and the host key from
/// the contract), so it fits one datagram. Every challenge carries a fresh nonce, so every BLS answer
/// signs a distinct message and a period's answers aggregate under AggregateVerify
/// (<see cref="AuditPeriodAttestation"/>).
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

    /// <summary>Which key made <see cref="Signature"/> (default <see cref="AuditSignatureKind.NodeKey"/>).</summary>
    public AuditSignatureKind Kind { get; init; } = AuditSignatureKind.NodeKey;

    /// <summary>Creates an answer signed with the host's node key.</summary>
    public static AuditResponse Create(AuditChallenge challenge, MerkleProof? proof, INodeSigner host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var unsigned = new AuditResponse { Challenge = challenge, Missing = proof is null, Proof = proof, HostKey = host.PublicKey.ToArray() };
        return unsigned with { Signature = SignedEnvelope.Sign(host, Domain, unsigned.EncodeBody()) };
    }

    /// <summary>Creates an answer of the host with node key <paramref name="hostKey"/> signed with its BLS holder key <paramref name="blsKey"/>.</summary>
    public static AuditResponse CreateBls(AuditChallenge challenge, MerkleProof? proof, ReadOnlyMemory<byte> hostKey, SecretKey blsKey)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(blsKey);
        var unsigned = new AuditResponse { Challenge = challenge, Missing = proof is null, Proof = proof, HostKey = hostKey.ToArray(), Kind = AuditSignatureKind.Bls };
        return unsigned with { Signature = blsKey.Sign(unsigned.SignedMessage()).ToBytes() };
    }

    /// <summary>The bytes the signature covers: <c>domain ‖ 0x00 ‖ [challenge, missing, leaf, siblings, host key]</c>.</summary>
    public byte[] SignedMessage() => SignedEnvelope.SigningInput(Domain, EncodeBody());

    /// <summary>True when this is a node-key answer and the signature verifies with <see cref="HostKey"/>.</summary>
    public bool VerifySignature(ISignatureVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        return Kind == AuditSignatureKind.NodeKey && SignedEnvelope.Verify(verifier, HostKey.Span, Domain, EncodeBody(), Signature.Span);
    }

    /// <summary>True when this is a BLS answer and the signature verifies under <paramref name="blsKey"/> (the host's published key, possession proven).</summary>
    public bool VerifyBls(PublicKey blsKey)
    {
        ArgumentNullException.ThrowIfNull(blsKey);
        return Kind == AuditSignatureKind.Bls
            && Types.Cryptography.Bls12381.Signature.TryFromBytes(Signature.Span, out var signature)
            && Bls.Verify(blsKey, SignedMessage(), signature);
    }

    /// <summary>
    /// Wire form: node-key answers <c>[missing, leaf, siblings, signature]</c> (the v1 form, unchanged);
    /// BLS answers <c>[2, missing, leaf, siblings, signature (bin 96)]</c>.
    /// </summary>
    public byte[] Encode() => SignedEnvelope.Encode(this, static (ref MessagePackWriter w, AuditResponse a) =>
    {
        if (a.Kind == AuditSignatureKind.NodeKey)
        {
            w.WriteArrayHeader(4);
        }
        else
        {
            w.WriteArrayHeader(5);
            w.Write((int)a.Kind);
        }

        WriteAnswer(ref w, a);
        w.Write(a.Signature.Span);
    });

    /// <summary>
    /// Decodes the wire form for the <paramref name="challenge"/> that was sent to the host with
    /// <paramref name="hostKey"/> (does not verify). A 4-field array is a node-key answer; a 5-field
    /// array starts with its <see cref="AuditSignatureKind"/>.
    /// </summary>
    /// <exception cref="MessagePackSerializationException">Malformed bytes, an unknown kind or a BLS signature that is not 96 bytes.</exception>
    public static AuditResponse Decode(ReadOnlyMemory<byte> encoded, AuditChallenge challenge, ReadOnlyMemory<byte> hostKey)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var r = new MessagePackReader(encoded);
        var fields = r.ReadArrayHeader();
        var kind = fields switch
        {
            4 => AuditSignatureKind.NodeKey,
            5 => r.ReadInt32() switch
            {
                1 => AuditSignatureKind.NodeKey,
                2 => AuditSignatureKind.Bls,
                var other => throw new MessagePackSerializationException($"audit response: unknown signature kind {other} (1 node key, 2 BLS)."),
            },
            _ => throw new MessagePackSerializationException($"audit response: expected an array of 4 or 5 fields, found {fields}."),
        };
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
        if (kind == AuditSignatureKind.Bls && signature.Length != Types.Cryptography.Bls12381.Signature.Size)
        {
            throw new MessagePackSerializationException($"audit response: a BLS signature is {Types.Cryptography.Bls12381.Signature.Size} bytes, found {signature.Length}.");
        }

        return new AuditResponse
        {
            Kind = kind,
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
