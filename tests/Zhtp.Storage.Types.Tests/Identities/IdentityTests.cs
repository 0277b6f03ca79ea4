using Zhtp.Storage.Types.Cryptography;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Types.Tests.Identities;

public class IdentityTests
{
    private static readonly byte[] Data = "an owner's manifest body"u8.ToArray();

    public static TheoryData<IdentityKind, SignatureAlgorithm, KeyAgreementAlgorithm> Shapes => new()
    {
        { IdentityKind.Classical, SignatureAlgorithm.EcdsaP256, KeyAgreementAlgorithm.EcdhP256 },
        { IdentityKind.Classical, SignatureAlgorithm.Ed25519, KeyAgreementAlgorithm.X25519 },
        { IdentityKind.PostQuantum, SignatureAlgorithm.Ed25519, KeyAgreementAlgorithm.X25519 },
        { IdentityKind.Hybrid, SignatureAlgorithm.EcdsaP256, KeyAgreementAlgorithm.X25519 },
        { IdentityKind.Hybrid, SignatureAlgorithm.Ed25519, KeyAgreementAlgorithm.EcdhP256 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Create_SignVerify_AndEncodeDecodeRoundTrip(IdentityKind kind, SignatureAlgorithm signing, KeyAgreementAlgorithm agreement)
    {
        using var identity = ZhtpIdentity.Create(new IdentityOptions { Kind = kind, ClassicalSigning = signing, ClassicalAgreement = agreement });
        Assert.Equal(kind, identity.Kind);
        Assert.Equal(kind != IdentityKind.PostQuantum, identity.ClassicalSigningKey is not null && identity.AgreementKey is not null);
        Assert.Equal(kind != IdentityKind.Classical, identity.PostQuantumSigningKey is not null && identity.KemKey is not null);

        IdentitySignature signature = identity.Sign(Data);
        Assert.True(identity.Public.Verify(Data, signature));
        Assert.True(identity.Public.Verify(Data, IdentitySignature.Decode(signature.Encode())));

        PublicIdentity decoded = PublicIdentity.Decode(identity.Public.Encode());
        Assert.Equal(identity.Public, decoded);
        Assert.Equal(identity.Id, decoded.Id);
        Assert.Equal(identity.Public.Encode(), decoded.Encode());
        Assert.True(decoded.Verify(Data, signature));
        Assert.Equal(identity.Id, IdentityId.Parse(identity.Id.ToString()));
    }

    [Theory]
    [InlineData(IdentityKind.Classical, SignatureAlgorithm.Ed25519, KeyAgreementAlgorithm.X25519, 129, 69, 50, 0)]
    [InlineData(IdentityKind.Classical, SignatureAlgorithm.EcdsaP256, KeyAgreementAlgorithm.EcdhP256, 195, 69, 83, 0)]
    [InlineData(IdentityKind.PostQuantum, SignatureAlgorithm.Ed25519, KeyAgreementAlgorithm.X25519, 3203, 3315, 0, 1106)]
    [InlineData(IdentityKind.Hybrid, SignatureAlgorithm.Ed25519, KeyAgreementAlgorithm.X25519, 3267, 3379, 50, 1138)]
    [InlineData(IdentityKind.Hybrid, SignatureAlgorithm.EcdsaP256, KeyAgreementAlgorithm.EcdhP256, 3333, 3379, 83, 1171)]
    public void Encode_Sizes_MatchTheDocumentation(IdentityKind kind, SignatureAlgorithm signing, KeyAgreementAlgorithm agreement, int document, int signature, int classicalWrap, int quantumWrap)
    {
        // docs/security.md, "Identity files" and "Key wrapping and the hybrid combiner".
        using var identity = ZhtpIdentity.Create(new IdentityOptions { Kind = kind, ClassicalSigning = signing, ClassicalAgreement = agreement });
        Assert.Equal(document, identity.Public.Encode().Length);
        Assert.Equal(signature, identity.Sign(Data).Encode().Length);
        if (classicalWrap > 0)
        {
            Assert.Equal(classicalWrap, IdentityKeyWrap.Overhead(identity.Public, quantumResistant: false));
        }

        if (quantumWrap > 0)
        {
            Assert.Equal(quantumWrap, IdentityKeyWrap.Overhead(identity.Public, quantumResistant: true));
        }
    }

    [Fact]
    public void Verify_HybridWithEitherSignatureStrippedOrAltered_Fails()
    {
        using var identity = ZhtpIdentity.Create(new IdentityOptions { Kind = IdentityKind.Hybrid });
        IdentitySignature signature = identity.Sign(Data);
        Assert.True(identity.Public.Verify(Data, signature));

        Assert.False(identity.Public.Verify(Data, signature with { Classical = ReadOnlyMemory<byte>.Empty }));
        Assert.False(identity.Public.Verify(Data, signature with { PostQuantum = ReadOnlyMemory<byte>.Empty }));
        Assert.False(identity.Public.Verify(Data, signature with { Classical = Flip(signature.Classical) }));
        Assert.False(identity.Public.Verify(Data, signature with { PostQuantum = Flip(signature.PostQuantum) }));

        using var other = ZhtpIdentity.Create(new IdentityOptions { Kind = IdentityKind.Hybrid });
        IdentitySignature foreign = other.Sign(Data);
        Assert.False(identity.Public.Verify(Data, signature with { PostQuantum = foreign.PostQuantum }));
        Assert.False(identity.Public.Verify(Data, null!));
    }

    [Fact]
    public void Verify_ClassicalIdentityWithAnExtraSignature_Fails()
    {
        using var identity = ZhtpIdentity.Create(new IdentityOptions { Kind = IdentityKind.Classical });
        IdentitySignature signature = identity.Sign(Data);
        Assert.True(signature.PostQuantum.IsEmpty);
        Assert.False(identity.Public.Verify(Data, signature with { PostQuantum = new byte[3309] }));
    }

    [Fact]
    public void Decode_AlteredKeyOrId_IsRejectedWithIdentityFormatException()
    {
        using var identity = ZhtpIdentity.Create(new IdentityOptions { Kind = IdentityKind.Hybrid });
        byte[] encoded = identity.Public.Encode();

        // Flip a byte in the ML-KEM key (near the end, before the two empty root fields): the id no longer matches.
        byte[] alteredKey = (byte[])encoded.Clone();
        alteredKey[^10] ^= 0x01;
        var e = Assert.Throws<IdentityFormatException>(() => PublicIdentity.Decode(alteredKey));
        Assert.Contains("altered", e.Message);

        // Flip a byte of the stored id (the 32 bytes after the bin header that follows magic, version, kind).
        byte[] alteredId = (byte[])encoded.Clone();
        int idAt = encoded.AsSpan().IndexOf(identity.Id.Value.ToArray());
        alteredId[idAt] ^= 0x01;
        Assert.Throws<IdentityFormatException>(() => PublicIdentity.Decode(alteredId));
    }

    [Fact]
    public void Decode_Garbage_ThrowsOnlyIdentityFormatException()
    {
        using var identity = ZhtpIdentity.Create(new IdentityOptions { Kind = IdentityKind.Classical });
        byte[] encoded = identity.Public.Encode();
        var random = new Random(7);
        for (int i = 0; i < 300; i++)
        {
            byte[] bytes = i switch
            {
                < 100 => encoded[..random.Next(encoded.Length)],
                < 200 => Mutate(encoded, random),
                _ => RandomBytes(random, random.Next(200)),
            };
            try
            {
                PublicIdentity decoded = PublicIdentity.Decode(bytes);
                Assert.Equal(identity.Id, decoded.Id); // only a harmless mutation may decode, and then to the same keys
            }
            catch (IdentityFormatException)
            {
            }

            try
            {
                IdentitySignature.Decode(bytes);
            }
            catch (IdentityFormatException)
            {
            }
        }
    }

    [Fact]
    public void Create_InvalidOptions_ThrowArgumentExceptionNamingTheField()
    {
        var e = Assert.Throws<ArgumentException>(() => ZhtpIdentity.Create(new IdentityOptions { ClassicalSigning = SignatureAlgorithm.MLDsa65 }));
        Assert.Contains("ClassicalSigning", e.Message);
        e = Assert.Throws<ArgumentException>(() => ZhtpIdentity.Create(new IdentityOptions { ClassicalAgreement = KeyAgreementAlgorithm.None }));
        Assert.Contains("ClassicalAgreement", e.Message);
    }

    [Fact]
    public void Ids_DifferPerIdentity_AndSignAfterDisposeThrows()
    {
        var a = ZhtpIdentity.Create(new IdentityOptions { Kind = IdentityKind.Classical });
        using var b = ZhtpIdentity.Create(new IdentityOptions { Kind = IdentityKind.Classical });
        Assert.NotEqual(a.Id, b.Id);
        a.Dispose();
        Assert.Throws<ObjectDisposedException>(() => a.Sign(Data));
    }

    private static byte[] Flip(ReadOnlyMemory<byte> bytes)
    {
        byte[] copy = bytes.ToArray();
        copy[copy.Length / 2] ^= 0x01;
        return copy;
    }

    private static byte[] Mutate(byte[] source, Random random)
    {
        byte[] copy = (byte[])source.Clone();
        copy[random.Next(copy.Length)] = (byte)random.Next(256);
        return copy;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
