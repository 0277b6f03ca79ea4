using System.Buffers;
using Zhtp.Storage.Dht.Records;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Identities;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Dht;

/// <summary>
/// Identity records (docs/protocol.md, "Identity records"): self-certifying mutable records keyed by a user
/// identity's id. Owner = the 32-byte identity id (= the key), owner algorithm <see cref="Algorithm"/>,
/// value = <c>[public identity (bin), payload (bin)]</c>, signature = the identity's encoded
/// <see cref="IdentitySignature"/> (every signature it has) over the usual signed bytes. Holders accept one
/// only when the public identity hashes to the key and every signature verifies; publish one with
/// <see cref="IDhtNode.PutSignedAsync"/> and a signer whose algorithm is <see cref="Algorithm"/> and whose
/// public key is the identity id.
/// </summary>
public static class IdentityRecords
{
    /// <summary>The owner algorithm id of identity records.</summary>
    public const byte Algorithm = 48;

    /// <summary>The DHT key of <paramref name="id"/>'s identity record: the id itself.</summary>
    public static DhtKey KeyOf(IdentityId id) => new(id.Value);

    /// <summary>The record value <c>[public identity (bin), payload (bin)]</c>.</summary>
    public static byte[] EncodeValue(PublicIdentity identity, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(identity);
        byte[] encoded = identity.Encode();
        var buffer = new ArrayBufferWriter<byte>(encoded.Length + payload.Length + 16);
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(2);
        writer.Write(encoded);
        writer.Write(payload);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// True when <paramref name="record"/> is a valid identity record: mutable, of <see cref="Algorithm"/>, owner =
    /// key, its public identity decodes and hashes to the key, and the identity's signature verifies. Never throws.
    /// </summary>
    public static bool IsValid(DhtRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Kind != RecordKind.Mutable || record.OwnerAlgorithm != Algorithm || record.Owner.Length != Hash256.Size
            || new DhtKey(new Hash256(record.Owner.Span)) != record.Key || !TryReadValue(record.Value, out ReadOnlyMemory<byte> encoded, out _))
        {
            return false;
        }

        try
        {
            PublicIdentity identity = PublicIdentity.Decode(encoded.Span);
            return identity.Id.Value == record.Key.Value
                && identity.Verify(RecordValidation.SignedBytes(record.Key, record.Sequence, record.Value.Span), IdentitySignature.Decode(record.Signature.Span));
        }
        catch (IdentityFormatException)
        {
            return false;
        }
    }

    /// <summary>Splits an identity record's value into the encoded public identity and the payload; false when malformed.</summary>
    public static bool TryReadValue(ReadOnlyMemory<byte> value, out ReadOnlyMemory<byte> identity, out ReadOnlyMemory<byte> payload)
    {
        identity = default;
        payload = default;
        try
        {
            var reader = new MessagePackReader(value);
            if (reader.ReadArrayHeader() != 2 || !reader.TryReadBytesSpan(out ReadOnlySpan<byte> identityBytes))
            {
                return false;
            }

            int identityEnd = (int)reader.Consumed;
            if (!reader.TryReadBytesSpan(out ReadOnlySpan<byte> payloadBytes) || !reader.End)
            {
                return false;
            }

            identity = value.Slice(identityEnd - identityBytes.Length, identityBytes.Length);
            payload = value.Slice((int)reader.Consumed - payloadBytes.Length, payloadBytes.Length);
            return true;
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException)
        {
            return false;
        }
    }
}
