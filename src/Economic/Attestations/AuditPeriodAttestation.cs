using Zhtp.Storage.Types.Cryptography.Bls12381;

namespace Zhtp.Storage.Economic.Attestations;

/// <summary>
/// The BLS-signed audit answers of one billing period, kept by the renter as evidence: each answer's
/// challenge, answer and host key (the statement it signed, <see cref="AuditResponse.SignedMessage"/>;
/// its own signature dropped) and one 96-byte <see cref="Aggregate"/> of their signatures. Every
/// statement differs (each challenge has a fresh nonce), so the whole period verifies with one
/// AggregateVerify over one (key, statement) pair per answer.
/// </summary>
/// <param name="Period">The billing period (0-based).</param>
/// <param name="Answers">The answers covered, without their individual signatures.</param>
/// <param name="Aggregate">The aggregate of their BLS signatures (96 bytes).</param>
internal sealed record AuditPeriodAttestation(int Period, IReadOnlyList<AuditResponse> Answers, byte[] Aggregate)
{
    /// <summary>Combines BLS answers (each already verified by the renter) into one attestation of <paramref name="period"/>.</summary>
    /// <exception cref="ArgumentException">No answers, or an answer is not a BLS answer with a valid signature point.</exception>
    public static AuditPeriodAttestation Create(int period, IReadOnlyList<AuditResponse> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (answers.Count == 0)
        {
            throw new ArgumentException("A period's audit attestation needs at least one BLS answer.", nameof(answers));
        }

        var signatures = new List<Signature>(answers.Count);
        foreach (var a in answers)
        {
            if (a.Kind != AuditSignatureKind.Bls || !Signature.TryFromBytes(a.Signature.Span, out var s))
            {
                throw new ArgumentException($"The answer to the audit of shard {a.Challenge.ShardId} leaf {a.Challenge.LeafIndex} is not BLS-signed; only BLS answers aggregate.", nameof(answers));
            }

            signatures.Add(s);
        }

        return new AuditPeriodAttestation(period, answers.Select(a => a with { Signature = ReadOnlyMemory<byte>.Empty }).ToList(), Signature.Aggregate(signatures).ToBytes());
    }

    /// <summary>
    /// True when there is at least one answer, every answer is a BLS answer, no statement repeats,
    /// <paramref name="blsKeys"/> gives a key for every answer's host (keys whose proof of possession
    /// was checked) and the aggregate verifies with one AggregateVerify over all the statements.
    /// </summary>
    public bool Verify(Func<NodeId, PublicKey?> blsKeys)
    {
        ArgumentNullException.ThrowIfNull(blsKeys);
        if (Answers.Count == 0 || !Signature.TryFromBytes(Aggregate, out var aggregate))
        {
            return false;
        }

        var keys = new List<PublicKey>(Answers.Count);
        var messages = new List<byte[]>(Answers.Count);
        var seen = new HashSet<Hash256>();
        foreach (var answer in Answers)
        {
            var message = answer.SignedMessage();
            if (answer.Kind != AuditSignatureKind.Bls || !seen.Add(Blake3Hashing.Compute(message))
                || blsKeys(NodeId.FromPublicKey(answer.HostKey.Span)) is not { IsIdentity: false } key)
            {
                return false;
            }

            keys.Add(key);
            messages.Add(message);
        }

        return Bls.AggregateVerify(keys, messages, aggregate);
    }
}
