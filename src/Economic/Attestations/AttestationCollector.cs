using Zhtp.Storage.Types.Cryptography.Bls12381;

namespace Zhtp.Storage.Economic.Attestations;

/// <summary>
/// The renter's side: turns the accepting holders' acknowledgements of one contract step into a
/// <see cref="ContractAttestation"/>. The BLS signatures are aggregated and verified at once
/// (FastAggregateVerify); only when that fails is each checked alone, to name the holders whose
/// signature is wrong. A holder that accepted without a valid acknowledgement is a fault, never a signer.
/// </summary>
internal static class AttestationCollector
{
    public static async Task<(ContractAttestation? Attestation, IReadOnlyList<AttestationFault> Faults)> CollectAsync(
        Hash256 contractId, long sequence, Hash256 subject, IReadOnlyList<(Contact Holder, ReadOnlyMemory<byte> Payload)> accepted,
        HolderKeyDirectory keys, ISignatureVerifier verifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(verifier);
        var statement = ContractAttestation.Statement(contractId, sequence, subject);
        var faults = new List<AttestationFault>();
        var nodeSignatures = new List<HolderSignature>();
        var pending = new List<(Contact Holder, Task<(PublicKey? Key, string? Error, bool Unreachable)> Key, Signature? Signature)>();
        foreach (var (holder, payload) in accepted.DistinctBy(a => a.Holder.Id))
        {
            switch (HolderAck.TryDecode(payload))
            {
                case null:
                    faults.Add(new AttestationFault(holder.Id, "accepted without an acknowledgement"));
                    break;
                case { Scheme: HolderAck.NodeSignature } ack when NodeId.FromPublicKey(ack.NodeKey.Span) != holder.Id:
                    faults.Add(new AttestationFault(holder.Id, "its acknowledgement is signed by another node key"));
                    break;
                case { Scheme: HolderAck.NodeSignature } ack:
                    if (verifier.Verify(ack.NodeKey.Span, statement, ack.Signature.Span))
                    {
                        nodeSignatures.Add(new HolderSignature(ack.NodeKey, ack.Signature));
                    }
                    else
                    {
                        faults.Add(new AttestationFault(holder.Id, "its node signature does not verify"));
                    }

                    break;
                case var ack:
                    Signature.TryFromBytes(ack.Signature.Span, out var signature);
                    pending.Add((holder, keys.GetAsync(holder, cancellationToken), signature));
                    break;
            }
        }

        var bls = new List<(NodeId Id, PublicKey Key, Signature Signature)>();
        foreach (var (holder, keyTask, signature) in pending)
        {
            var (key, error, _) = await keyTask.ConfigureAwait(false);
            if (key is null)
            {
                faults.Add(new AttestationFault(holder.Id, $"no valid BLS key: {error}"));
            }
            else if (signature is null)
            {
                faults.Add(new AttestationFault(holder.Id, "its BLS signature is not a valid G2 point"));
            }
            else
            {
                bls.Add((holder.Id, key, signature));
            }
        }

        if (bls.Count > 0 && !Bls.FastAggregateVerify(bls.Select(b => b.Key).ToList(), statement, Signature.Aggregate(bls.Select(b => b.Signature))))
        {
            // Attribution: the aggregate failed, so at least one signature is wrong; find which.
            foreach (var bad in bls.Where(b => !Bls.Verify(b.Key, statement, b.Signature)).ToList())
            {
                faults.Add(new AttestationFault(bad.Id, "its BLS signature does not verify"));
                keys.Forget(bad.Id);
                bls.Remove(bad);
            }
        }

        if (bls.Count == 0 && nodeSignatures.Count == 0)
        {
            return (null, faults);
        }

        var aggregate = bls.Count == 0 ? ReadOnlyMemory<byte>.Empty : Signature.Aggregate(bls.Select(b => b.Signature)).ToBytes();
        return (new ContractAttestation(contractId, sequence, subject, bls.Select(b => b.Id).ToList(), aggregate, nodeSignatures), faults);
    }
}
