using Zhtp.Storage.Dht.Records;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Cryptography;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Dht.Tests.Records;

/// <summary>Mutable records signed by user keys of Types' algorithms, and self-certifying identity records.</summary>
public sealed class OwnerAlgorithmValidationTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private readonly INodeSigner _node = NodeSigners.CreateEcdsaP256();

    [Theory]
    [InlineData(SignatureAlgorithm.Ed25519)]
    [InlineData(SignatureAlgorithm.MLDsa65)]
    [InlineData(SignatureAlgorithm.EcdsaP256)]
    public void RecordSignedByATypesKey_Verifies_AndAFlippedByteIsRejected(SignatureAlgorithm algorithm)
    {
        using ISigningKey key = SigningKeys.Generate(algorithm);
        DhtRecord record = RecordValidation.Mutable(new KeyAdapter(key), "zhtp/content/x", 3, "head"u8.ToArray(), T0);
        byte[] flipped = record.Signature.ToArray();
        flipped[5] ^= 1;

        Assert.Equal(DhtErrorCode.None, RecordValidation.Validate(record, _node, 1 << 20));
        Assert.Equal(DhtErrorCode.InvalidRecord, RecordValidation.Validate(record with { Signature = flipped }, _node, 1 << 20));
        Assert.Equal(DhtErrorCode.InvalidRecord, RecordValidation.Validate(record with { Value = "tail"u8.ToArray() }, _node, 1 << 20));
    }

    [Fact]
    public void UnknownOwnerAlgorithm_IsRejected()
    {
        using ISigningKey key = SigningKeys.Generate(SignatureAlgorithm.Ed25519);
        DhtRecord record = RecordValidation.Mutable(new KeyAdapter(key), "n", 1, "v"u8.ToArray(), T0);

        Assert.Equal(DhtErrorCode.InvalidRecord, RecordValidation.Validate(record with { OwnerAlgorithm = 40 }, _node, 1 << 20));
    }

    [Fact]
    public void IdentityRecord_KeyedByTheIdentityId_VerifiesAllSignatures_AndRejectsAnotherIdentitysKey()
    {
        using ZhtpIdentity identity = ZhtpIdentity.Create(new IdentityOptions());
        using ZhtpIdentity other = ZhtpIdentity.Create(new IdentityOptions());
        byte[] value = IdentityRecords.EncodeValue(identity.Public, "payload"u8);
        DhtRecord record = RecordValidation.Mutable(new IdentityAdapter(identity), "vault", 1, value, T0);
        DhtRecord squatted = RecordValidation.Mutable(new IdentityAdapter(other), "vault", 1, value, T0);
        byte[] stripped = new IdentitySignature(IdentitySignature.Decode(record.Signature.Span).Classical, ReadOnlyMemory<byte>.Empty).Encode();

        Assert.Equal(IdentityRecords.KeyOf(identity.Id), record.Key);
        Assert.True(IdentityRecords.IsValid(record));
        Assert.Equal(DhtErrorCode.None, RecordValidation.Validate(record, _node, 1 << 20));
        Assert.Equal(DhtErrorCode.InvalidRecord, RecordValidation.Validate(squatted, _node, 1 << 20));
        Assert.Equal(DhtErrorCode.InvalidRecord, RecordValidation.Validate(record with { Signature = stripped }, _node, 1 << 20));
    }

    private sealed class KeyAdapter(ISigningKey key) : INodeSigner
    {
        public byte Algorithm => (byte)key.Algorithm;

        public ReadOnlyMemory<byte> PublicKey => key.PublicKey;

        public int SignatureSize => key.SignatureSize;

        public void Sign(ReadOnlySpan<byte> data, Span<byte> signature) => key.Sign(data, signature);

        public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) => SigningKeys.Verify(key.Algorithm, publicKey, data, signature);

        public void Dispose()
        {
        }
    }

    private sealed class IdentityAdapter(ZhtpIdentity identity) : INodeSigner
    {
        public byte Algorithm => IdentityRecords.Algorithm;

        public ReadOnlyMemory<byte> PublicKey => identity.Id.Value.ToArray();

        public int SignatureSize => identity.Sign([]).Encode().Length;

        public void Sign(ReadOnlySpan<byte> data, Span<byte> signature) => identity.Sign(data).Encode().CopyTo(signature);

        public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) => false;

        public void Dispose()
        {
        }
    }
}
