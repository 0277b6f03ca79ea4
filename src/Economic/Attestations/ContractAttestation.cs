using System.Buffers.Binary;
using System.Text;
using Zhtp.Storage.Types.Cryptography.Bls12381;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Economic.Attestations;

/// <summary>
/// The k holders' acknowledgement of one contract step: "I hold contract <see cref="ContractId"/> and
/// accepted its step <see cref="Sequence"/> (0 = the deployed contract, n = transition n), whose
/// encoding hashes to <see cref="Subject"/>". Holders with a BLS key are combined into one 96-byte
/// <see cref="Aggregate"/> over the same statement (verified with FastAggregateVerify against their
/// keys); holders without one are listed with their node signatures (<see cref="NodeSignatures"/>).
/// </summary>
/// <param name="ContractId">The contract.</param>
/// <param name="Sequence">0 for the deploy, else the transition's sequence.</param>
/// <param name="Subject">BLAKE3 of the deployed contract's or the transition's encoding.</param>
/// <param name="BlsSigners">The holders whose BLS signatures are in <paramref name="Aggregate"/>.</param>
/// <param name="Aggregate">The aggregate BLS signature (96 bytes), empty when <paramref name="BlsSigners"/> is.</param>
/// <param name="NodeSignatures">Acknowledgements signed with node keys.</param>
public sealed record ContractAttestation(Hash256 ContractId, long Sequence, Hash256 Subject, IReadOnlyList<NodeId> BlsSigners, ReadOnlyMemory<byte> Aggregate, IReadOnlyList<HolderSignature> NodeSignatures)
{
    /// <summary>The domain of the acknowledgement statement.</summary>
    public const string Domain = "zhtp/economic/holder-ack/v1";

    private const int MaxHolders = 256;

    /// <summary>How many holders acknowledged.</summary>
    public int Holders => BlsSigners.Count + NodeSignatures.Count;

    /// <summary>The statement every holder signs: <c>domain ‖ 0x00 ‖ contract id (32) ‖ sequence (u64 BE) ‖ subject (32)</c>.</summary>
    public static byte[] Statement(Hash256 contractId, long sequence, Hash256 subject)
    {
        var statement = new byte[Domain.Length + 1 + 32 + 8 + 32];
        Encoding.ASCII.GetBytes(Domain, statement);
        var rest = statement.AsSpan(Domain.Length + 1);
        contractId.WriteTo(rest);
        BinaryPrimitives.WriteInt64BigEndian(rest[32..], sequence);
        subject.WriteTo(rest[40..]);
        return statement;
    }

    /// <summary>This attestation's statement.</summary>
    public byte[] Statement() => Statement(ContractId, Sequence, Subject);

    /// <summary>
    /// True when every holder is distinct, the aggregate verifies at once (FastAggregateVerify) under
    /// the BLS keys <paramref name="blsKeys"/> gives for <see cref="BlsSigners"/> (keys whose proof of
    /// possession was checked, e.g. by <see cref="HolderKey.Verify"/>), and every node signature verifies.
    /// </summary>
    public bool Verify(Func<NodeId, PublicKey?> blsKeys, ISignatureVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(blsKeys);
        ArgumentNullException.ThrowIfNull(verifier);
        if (Holders == 0 || BlsSigners.Concat(NodeSignatures.Select(s => s.Node)).Distinct().Count() != Holders)
        {
            return false;
        }

        var statement = Statement();
        if (BlsSigners.Count > 0)
        {
            var keys = new List<PublicKey>(BlsSigners.Count);
            foreach (var signer in BlsSigners)
            {
                if (blsKeys(signer) is not { } key)
                {
                    return false;
                }

                keys.Add(key);
            }

            if (!Types.Cryptography.Bls12381.Signature.TryFromBytes(Aggregate.Span, out var aggregate) || !Bls.FastAggregateVerify(keys, statement, aggregate!))
            {
                return false;
            }
        }
        else if (!Aggregate.IsEmpty)
        {
            return false;
        }

        return NodeSignatures.All(s => verifier.Verify(s.NodeKey.Span, statement, s.Signature.Span));
    }

    /// <summary>
    /// Combines the aggregates of several attestations (e.g. a contract's deploy and a period's
    /// transitions) into one 96-byte signature. Verify it with <see cref="VerifyCombined"/>.
    /// </summary>
    /// <exception cref="ArgumentException">An attestation has no BLS aggregate.</exception>
    public static byte[] Combine(IReadOnlyList<ContractAttestation> attestations)
    {
        ArgumentNullException.ThrowIfNull(attestations);
        var parts = new List<Signature>(attestations.Count);
        foreach (var a in attestations)
        {
            if (!Types.Cryptography.Bls12381.Signature.TryFromBytes(a.Aggregate.Span, out var s))
            {
                throw new ArgumentException($"The attestation of contract {a.ContractId} step {a.Sequence} has no BLS aggregate to combine.", nameof(attestations));
            }

            parts.Add(s!);
        }

        return Types.Cryptography.Bls12381.Signature.Aggregate(parts).ToBytes();
    }

    /// <summary>
    /// Verifies a <see cref="Combine"/>d signature over several attestations (their statements differ)
    /// with one AggregateVerify: one pair per attestation, its signers' keys summed (sound because
    /// every key's possession was proven).
    /// </summary>
    public static bool VerifyCombined(IReadOnlyList<ContractAttestation> attestations, ReadOnlySpan<byte> combined, Func<NodeId, PublicKey?> blsKeys)
    {
        ArgumentNullException.ThrowIfNull(attestations);
        ArgumentNullException.ThrowIfNull(blsKeys);
        if (attestations.Count == 0 || !Types.Cryptography.Bls12381.Signature.TryFromBytes(combined, out var signature))
        {
            return false;
        }

        var keys = new List<PublicKey>(attestations.Count);
        var messages = new List<byte[]>(attestations.Count);
        foreach (var a in attestations)
        {
            if (a.BlsSigners.Count == 0 || a.BlsSigners.Distinct().Count() != a.BlsSigners.Count)
            {
                return false;
            }

            var signers = new List<PublicKey>(a.BlsSigners.Count);
            foreach (var id in a.BlsSigners)
            {
                if (blsKeys(id) is not { } key || key.IsIdentity)
                {
                    return false;
                }

                signers.Add(key);
            }

            keys.Add(PublicKey.Aggregate(signers));
            messages.Add(a.Statement());
        }

        return Bls.AggregateVerify(keys, messages, signature!);
    }

    /// <summary>
    /// Encodes as <c>[1, contract id (bin 32), sequence, subject (bin 32), [signer id (bin 32)…],
    /// aggregate (bin 96 or empty), [[node key (bin), signature (bin)]…]]</c>.
    /// </summary>
    public byte[] Encode() => SignedEnvelope.Encode(this, static (ref MessagePackWriter w, ContractAttestation a) =>
    {
        w.WriteArrayHeader(7);
        w.Write(1);
        SignedEnvelope.WriteHash(ref w, a.ContractId);
        w.Write(a.Sequence);
        SignedEnvelope.WriteHash(ref w, a.Subject);
        w.WriteArrayHeader(a.BlsSigners.Count);
        foreach (var id in a.BlsSigners)
        {
            SignedEnvelope.WriteHash(ref w, id.Value);
        }

        w.Write(a.Aggregate.Span);
        w.WriteArrayHeader(a.NodeSignatures.Count);
        foreach (var s in a.NodeSignatures)
        {
            w.WriteArrayHeader(2);
            w.Write(s.NodeKey.Span);
            w.Write(s.Signature.Span);
        }
    });

    /// <summary>Decodes <see cref="Encode"/>'s output.</summary>
    /// <exception cref="MessagePackSerializationException">Malformed bytes.</exception>
    public static ContractAttestation Decode(ReadOnlyMemory<byte> encoded)
    {
        var r = new MessagePackReader(encoded);
        SignedEnvelope.ExpectArray(ref r, 7, "attestation");
        if (r.ReadInt32() != 1)
        {
            throw new MessagePackSerializationException("attestation: unknown version.");
        }

        var contractId = SignedEnvelope.ReadHash(ref r, "contract id");
        var sequence = r.ReadInt64();
        var subject = SignedEnvelope.ReadHash(ref r, "subject");
        var count = r.ReadArrayHeader();
        if (count > MaxHolders)
        {
            throw new MessagePackSerializationException($"attestation: {count} signers exceed {MaxHolders}.");
        }

        var signers = new NodeId[count];
        for (var i = 0; i < count; i++)
        {
            signers[i] = new NodeId(SignedEnvelope.ReadHash(ref r, "signer"));
        }

        var aggregate = SignedEnvelope.ReadBytes(ref r, Types.Cryptography.Bls12381.Signature.Size, "aggregate");
        count = r.ReadArrayHeader();
        if (count > MaxHolders)
        {
            throw new MessagePackSerializationException($"attestation: {count} node signatures exceed {MaxHolders}.");
        }

        var nodeSignatures = new HolderSignature[count];
        for (var i = 0; i < count; i++)
        {
            SignedEnvelope.ExpectArray(ref r, 2, "node signature");
            nodeSignatures[i] = new HolderSignature(SignedEnvelope.ReadBytes(ref r, 4096, "node key"), SignedEnvelope.ReadBytes(ref r, 8192, "signature"));
        }

        return new ContractAttestation(contractId, sequence, subject, signers, aggregate, nodeSignatures);
    }
}
