using Zhtp.Storage.Types;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Economic.Contracts;

/// <summary>
/// One signed step of a contract's lifecycle, as carried by ContractExecute and validated by every
/// holder with <see cref="ContractStateMachine"/>.
/// </summary>
public sealed record ContractTransition
{
    internal const string Domain = "zhtp/economic/transition/v1";
    private const int MaxKey = 256;
    private const int MaxSignature = 512;

    /// <summary>The contract advanced.</summary>
    public required Hash256 ContractId { get; init; }

    /// <summary>Position in the contract's history, starting at 1; each holder accepts only its current sequence + 1.</summary>
    public required long Sequence { get; init; }

    /// <summary>What happens.</summary>
    public required ContractEvent Event { get; init; }

    /// <summary>Billing period concerned (period events), or −1.</summary>
    public int Period { get; init; } = -1;

    /// <summary>Violation concerned (ReportViolation, ApplyPenalty), or null.</summary>
    public ViolationKind? Violation { get; init; }

    /// <summary>Tokens moved by the event (release, refund, penalty), for the record.</summary>
    public TokenAmount Amount { get; init; }

    /// <summary>When the signer made the transition (millisecond precision).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Public key of the party that signed.</summary>
    public required ReadOnlyMemory<byte> SignerKey { get; init; }

    /// <summary>Signature over the canonical body.</summary>
    public ReadOnlyMemory<byte> Signature { get; init; }

    /// <summary>Creates and signs a transition.</summary>
    public static ContractTransition Create(
        Hash256 contractId, long sequence, ContractEvent contractEvent, DateTimeOffset at, INodeSigner signer,
        int period = -1, ViolationKind? violation = null, TokenAmount amount = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var unsigned = new ContractTransition
        {
            ContractId = contractId,
            Sequence = sequence,
            Event = contractEvent,
            Period = period,
            Violation = violation,
            Amount = amount,
            At = DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds()),
            SignerKey = signer.PublicKey.ToArray(),
        };
        return unsigned with { Signature = SignedEnvelope.Sign(signer, Domain, unsigned.EncodeBody()) };
    }

    /// <summary>True when the signature verifies with <see cref="SignerKey"/>.</summary>
    public bool VerifySignature(ISignatureVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        return SignedEnvelope.Verify(verifier, SignerKey.Span, Domain, EncodeBody(), Signature.Span);
    }

    /// <summary>The canonical encoding (body and signature).</summary>
    public byte[] Encode() => SignedEnvelope.Encode(this, static (ref MessagePackWriter w, ContractTransition t) =>
    {
        w.WriteArrayHeader(2);
        w.Write(t.EncodeBody());
        w.Write(t.Signature.Span);
    });

    /// <summary>Decodes <see cref="Encode"/>'s output (does not verify).</summary>
    /// <exception cref="MessagePackSerializationException">Malformed bytes.</exception>
    public static ContractTransition Decode(ReadOnlyMemory<byte> encoded)
    {
        var outer = new MessagePackReader(encoded);
        SignedEnvelope.ExpectArray(ref outer, 2, "transition");
        var body = SignedEnvelope.ReadBytes(ref outer, 4096, "transition body");
        var signature = SignedEnvelope.ReadBytes(ref outer, MaxSignature, "transition signature");
        var r = new MessagePackReader(body);
        SignedEnvelope.ExpectArray(ref r, 8, "transition body");
        var id = SignedEnvelope.ReadHash(ref r, "contract id");
        var sequence = r.ReadInt64();
        var contractEvent = (ContractEvent)r.ReadInt32();
        var period = r.ReadInt32();
        var violation = r.ReadInt32();
        var amount = new TokenAmount(r.ReadInt64());
        var at = DateTimeOffset.FromUnixTimeMilliseconds(r.ReadInt64());
        var key = SignedEnvelope.ReadBytes(ref r, MaxKey, "signer key");
        return new ContractTransition
        {
            ContractId = id,
            Sequence = sequence,
            Event = contractEvent,
            Period = period,
            Violation = violation < 0 ? null : (ViolationKind)violation,
            Amount = amount,
            At = at,
            SignerKey = key,
            Signature = signature,
        };
    }

    /// <inheritdoc />
    public bool Equals(ContractTransition? other) => other is not null && Encode().AsSpan().SequenceEqual(other.Encode());

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ContractId, Sequence, Event);

    private byte[] EncodeBody() => SignedEnvelope.Encode(this, static (ref MessagePackWriter w, ContractTransition t) =>
    {
        w.WriteArrayHeader(8);
        SignedEnvelope.WriteHash(ref w, t.ContractId);
        w.Write(t.Sequence);
        w.Write((int)t.Event);
        w.Write(t.Period);
        w.Write(t.Violation is { } v ? (int)v : -1);
        w.Write(t.Amount.Micros);
        w.Write(t.At.ToUnixTimeMilliseconds());
        w.Write(t.SignerKey.Span);
    });
}
