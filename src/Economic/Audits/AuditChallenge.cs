using Zhtp.Storage.Types;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Economic.Audits;

/// <summary>A renter's challenge: prove you hold leaf <see cref="LeafIndex"/> of shard <see cref="ShardId"/>.</summary>
/// <param name="ContractId">The contract under which the shard is stored.</param>
/// <param name="ShardId">The shard.</param>
/// <param name="LeafIndex">The 512-byte block asked for.</param>
/// <param name="Nonce">16 random bytes echoed in the signed answer (no replay of old answers).</param>
public sealed record AuditChallenge(Hash256 ContractId, Hash256 ShardId, long LeafIndex, ReadOnlyMemory<byte> Nonce)
{
    /// <summary>Encodes as a MessagePack array [contract, shard, leaf, nonce].</summary>
    public byte[] Encode() => SignedEnvelope.Encode(this, static (ref MessagePackWriter w, AuditChallenge c) =>
    {
        w.WriteArrayHeader(4);
        SignedEnvelope.WriteHash(ref w, c.ContractId);
        SignedEnvelope.WriteHash(ref w, c.ShardId);
        w.Write(c.LeafIndex);
        w.Write(c.Nonce.Span);
    });

    /// <summary>Decodes <see cref="Encode"/>'s output.</summary>
    /// <exception cref="MessagePackSerializationException">Malformed bytes.</exception>
    public static AuditChallenge Decode(ReadOnlyMemory<byte> encoded)
    {
        var r = new MessagePackReader(encoded);
        SignedEnvelope.ExpectArray(ref r, 4, "audit challenge");
        return new AuditChallenge(SignedEnvelope.ReadHash(ref r, "contract id"), SignedEnvelope.ReadHash(ref r, "shard id"), r.ReadInt64(), SignedEnvelope.ReadBytes(ref r, 64, "nonce"));
    }

    /// <inheritdoc />
    public bool Equals(AuditChallenge? other) =>
        other is not null && ContractId == other.ContractId && ShardId == other.ShardId && LeafIndex == other.LeafIndex && Nonce.Span.SequenceEqual(other.Nonce.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ContractId, ShardId, LeafIndex);
}
