using System.Buffers.Binary;
using System.Text;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Cryptography;

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
        // An identity record's key is the identity id its signer presents as public key (checked by Validate).
        DhtKey key = signer.Algorithm == IdentityRecords.Algorithm && signer.PublicKey.Length == Hash256.Size
            ? new DhtKey(new Hash256(signer.PublicKey.Span))
            : RecordKeys.MutableKey(signer.PublicKey.Span, name);
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

    /// <summary>True when this node can verify mutable records signed with <paramref name="algorithm"/>: its own, the Types signature algorithms, and identity records.</summary>
    public static bool CanVerify(byte algorithm, INodeSigner verifier) =>
        algorithm == verifier.Algorithm || algorithm == IdentityRecords.Algorithm || IsTypesAlgorithm(algorithm);

    /// <summary>
    /// Checks a received record; <see cref="DhtErrorCode.None"/> when valid. <paramref name="verifier"/> verifies
    /// owner signatures of its own algorithm; other owner algorithms that Types' <see cref="SigningKeys"/> knows
    /// (ECDSA P-256, Ed25519, ML-DSA-65, SLH-DSA) are verified there; identity records as <see cref="IdentityRecords.Algorithm"/> says.
    /// <paramref name="contentKeyVerified"/>: the caller already checked key = BLAKE3(value) on these very bytes (a
    /// content-bound bulk frame), so a content-addressed record's value is not hashed a second time.
    /// </summary>
    public static DhtErrorCode Validate(DhtRecord record, INodeSigner verifier, int maxValueSize, bool contentKeyVerified = false)
    {
        if (record.Value.Length > maxValueSize)
        {
            return DhtErrorCode.ValueTooLarge;
        }

        if (record.Kind is RecordKind.Immutable or RecordKind.Placed)
        {
            bool plain = record.Owner.IsEmpty && record.Signature.IsEmpty && record.Sequence == 0 && record.Name.Length == 0;
            return plain && (contentKeyVerified || RecordKeys.ContentKey(record.Value.Span) == record.Key) ? DhtErrorCode.None : DhtErrorCode.InvalidRecord;
        }

        if (record.Kind != RecordKind.Mutable)
        {
            return DhtErrorCode.InvalidRecord;
        }

        if (record.OwnerAlgorithm == IdentityRecords.Algorithm && record.OwnerAlgorithm != verifier.Algorithm)
        {
            return IdentityRecords.IsValid(record) ? DhtErrorCode.None : DhtErrorCode.InvalidRecord;
        }

        if (!CanVerify(record.OwnerAlgorithm, verifier) || RecordKeys.MutableKey(record.Owner.Span, record.Name) != record.Key)
        {
            return DhtErrorCode.InvalidRecord;
        }

        byte[] signed = SignedBytes(record.Key, record.Sequence, record.Value.Span);
        bool valid = record.OwnerAlgorithm == verifier.Algorithm
            ? verifier.Verify(record.Owner.Span, signed, record.Signature.Span)
            : SigningKeys.Verify((SignatureAlgorithm)record.OwnerAlgorithm, record.Owner.Span, signed, record.Signature.Span);
        return valid ? DhtErrorCode.None : DhtErrorCode.InvalidRecord;
    }

    private static bool IsTypesAlgorithm(byte algorithm) =>
        (SignatureAlgorithm)algorithm is SignatureAlgorithm.EcdsaP256 or SignatureAlgorithm.Ed25519 or SignatureAlgorithm.MLDsa65 or SignatureAlgorithm.SlhDsaSha2_128s;
}
