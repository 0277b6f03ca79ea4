using System.Buffers.Binary;
using System.Text;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Records;

/// <summary>Signing and validation rules of records (docs/protocol.md, "Records").</summary>
internal static class RecordValidation
{
    private static readonly byte[] Domain = Encoding.ASCII.GetBytes("zhtp-record-v1");

    /// <summary>The bytes a mutable record's signature covers: "zhtp-record-v1" || key || sequence (u64 BE) || value.</summary>
    public static byte[] SignedBytes(DhtKey key, ulong sequence, ReadOnlySpan<byte> value)
    {
        var bytes = new byte[Domain.Length + Hash256.Size + 8 + value.Length];
        Domain.CopyTo(bytes, 0);
        key.WriteTo(bytes.AsSpan(Domain.Length));
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(Domain.Length + Hash256.Size), sequence);
        value.CopyTo(bytes.AsSpan(Domain.Length + Hash256.Size + 8));
        return bytes;
    }

    /// <summary>A new immutable record for <paramref name="value"/>.</summary>
    public static DhtRecord Immutable(ReadOnlyMemory<byte> value, DateTimeOffset expiresAt) => new()
    {
        Key = RecordKeys.ContentKey(value.Span),
        Kind = RecordKind.Immutable,
        Value = value.ToArray(),
        ExpiresAt = expiresAt,
    };

    /// <summary>A new mutable record signed by <paramref name="signer"/>.</summary>
    public static DhtRecord Mutable(INodeSigner signer, string name, ulong sequence, ReadOnlyMemory<byte> value, DateTimeOffset expiresAt)
    {
        DhtKey key = RecordKeys.MutableKey(signer.PublicKey.Span, name);
        var signature = new byte[signer.SignatureSize];
        signer.Sign(SignedBytes(key, sequence, value.Span), signature);
        return new DhtRecord
        {
            Key = key,
            Kind = RecordKind.Mutable,
            Value = value.ToArray(),
            Owner = signer.PublicKey.ToArray(),
            OwnerAlgorithm = signer.Algorithm,
            Name = name,
            Sequence = sequence,
            Signature = signature,
            ExpiresAt = expiresAt,
        };
    }

    /// <summary>Checks a received record; <see cref="DhtErrorCode.None"/> when valid. <paramref name="verifier"/> verifies owner signatures of its own algorithm.</summary>
    public static DhtErrorCode Validate(DhtRecord record, INodeSigner verifier, int maxValueSize)
    {
        if (record.Value.Length > maxValueSize)
        {
            return DhtErrorCode.ValueTooLarge;
        }

        if (record.Kind is RecordKind.Immutable or RecordKind.Placed)
        {
            bool plain = record.Owner.IsEmpty && record.Signature.IsEmpty && record.Sequence == 0 && record.Name.Length == 0;
            return plain && RecordKeys.ContentKey(record.Value.Span) == record.Key ? DhtErrorCode.None : DhtErrorCode.InvalidRecord;
        }

        if (record.Kind != RecordKind.Mutable || record.OwnerAlgorithm != verifier.Algorithm || RecordKeys.MutableKey(record.Owner.Span, record.Name) != record.Key)
        {
            return DhtErrorCode.InvalidRecord;
        }

        return verifier.Verify(record.Owner.Span, SignedBytes(record.Key, record.Sequence, record.Value.Span), record.Signature.Span)
            ? DhtErrorCode.None
            : DhtErrorCode.InvalidRecord;
    }
}
