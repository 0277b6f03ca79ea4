using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Economic.Replication;

/// <summary>
/// A holder's compact view of a contract, as returned by ContractQuery (small enough for one
/// datagram): state, sequence, counters and a digest chaining every applied transition, so that a
/// caller can compare holders and pick a quorum.
/// </summary>
/// <param name="ContractId">The contract.</param>
/// <param name="State">Its state at the holder.</param>
/// <param name="Sequence">Last applied sequence.</param>
/// <param name="PeriodsPassed">Periods passed.</param>
/// <param name="PeriodsFailed">Periods failed.</param>
/// <param name="PenaltiesApplied">Sum of penalties.</param>
/// <param name="HistoryDigest">d0 = contract id; dn = BLAKE3(dn−1 || BLAKE3(transition n's encoding)).</param>
public sealed record ContractStatus(Hash256 ContractId, ContractState State, long Sequence, int PeriodsPassed, int PeriodsFailed, TokenAmount PenaltiesApplied, Hash256 HistoryDigest)
{
    /// <summary>The status of <paramref name="record"/>.</summary>
    public static ContractStatus Of(ContractRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var digest = record.Contract.ContractId;
        foreach (var t in record.History)
        {
            digest = Chain(digest, t);
        }

        return new(record.Contract.ContractId, record.State, record.Sequence, record.PeriodsPassed, record.PeriodsFailed, record.PenaltiesApplied, digest);
    }

    /// <summary>Extends a history digest by one transition.</summary>
    public static Hash256 Chain(Hash256 digest, ContractTransition transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        Span<byte> input = stackalloc byte[64];
        digest.WriteTo(input);
        Blake3Hashing.Compute(transition.Encode()).WriteTo(input[32..]);
        return Blake3Hashing.Compute(input);
    }

    /// <summary>Encodes as a MessagePack array.</summary>
    public byte[] Encode() => SignedEnvelope.Encode(this, static (ref MessagePackWriter w, ContractStatus s) =>
    {
        w.WriteArrayHeader(7);
        SignedEnvelope.WriteHash(ref w, s.ContractId);
        w.Write((int)s.State);
        w.Write(s.Sequence);
        w.Write(s.PeriodsPassed);
        w.Write(s.PeriodsFailed);
        w.Write(s.PenaltiesApplied.Micros);
        SignedEnvelope.WriteHash(ref w, s.HistoryDigest);
    });

    /// <summary>Decodes <see cref="Encode"/>'s output.</summary>
    /// <exception cref="MessagePackSerializationException">Malformed bytes.</exception>
    public static ContractStatus Decode(ReadOnlyMemory<byte> encoded)
    {
        var r = new MessagePackReader(encoded);
        SignedEnvelope.ExpectArray(ref r, 7, "contract status");
        return new ContractStatus(SignedEnvelope.ReadHash(ref r, "contract id"), (ContractState)r.ReadInt32(), r.ReadInt64(), r.ReadInt32(), r.ReadInt32(), new TokenAmount(r.ReadInt64()), SignedEnvelope.ReadHash(ref r, "digest"));
    }
}
