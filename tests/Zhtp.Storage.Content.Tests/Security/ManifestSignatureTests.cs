using System.Net;
using Zhtp.Storage.Content.Manager;
using Zhtp.Storage.Content.Manifests;
using Zhtp.Storage.Content.Security;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Identities;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Content.Tests.Security;

/// <summary>Identity-signed manifests: both signatures of a QuantumResistant pair are required, and nobody but the owner can add to the key table.</summary>
public sealed class ManifestSignatureTests : IDisposable
{
    private readonly ZhtpIdentity _owner = Identities.Hybrid();
    private readonly ZhtpIdentity _attacker = Identities.Hybrid();

    public void Dispose()
    {
        _owner.Dispose();
        _attacker.Dispose();
    }

    [Fact]
    public void QuantumResistantManifest_VerifiesIntact_AndIsRejectedWithEitherSignatureStrippedOrAltered()
    {
        Manifest manifest = Sample(_owner);
        byte[] signed = ManifestCodec.EncodeSigned(manifest, ContentOwner.FromIdentity(_owner).Manifests);
        ManifestSignature signature = SignatureOf(signed);
        byte[] altered(ReadOnlyMemory<byte> s)
        {
            byte[] copy = s.ToArray();
            copy[copy.Length / 2] ^= 0x01;
            return copy;
        }

        Manifest intact = ManifestCodec.DecodeSigned(signed, NodeSigners.EcdsaP256Verifier);
        var forgeries = new Dictionary<string, ManifestSignature>
        {
            ["ML-DSA-65 stripped"] = signature with { PostQuantum = ReadOnlyMemory<byte>.Empty },
            ["classical stripped"] = signature with { Classical = ReadOnlyMemory<byte>.Empty },
            ["ML-DSA-65 altered"] = signature with { PostQuantum = altered(signature.PostQuantum) },
            ["classical altered"] = signature with { Classical = altered(signature.Classical) },
        };

        Assert.Equal(EncryptionLevel.QuantumResistant, intact.Encryption);
        Assert.Equal(3309, signature.PostQuantum.Length);
        foreach ((string what, ManifestSignature forged) in forgeries)
        {
            ManifestFormatException error = Assert.Throws<ManifestFormatException>(() => ManifestCodec.DecodeSigned(WithSignature(manifest, forged), NodeSigners.EcdsaP256Verifier));
            Assert.Contains("not validly signed", error.Message, StringComparison.Ordinal);
            Assert.True(what.Length > 0);
        }
    }

    [Fact]
    public void GrantAddedBySomeoneOtherThanTheOwner_IsRejected()
    {
        Manifest manifest = Sample(_owner);
        byte[] signed = ManifestCodec.EncodeSigned(manifest, ContentOwner.FromIdentity(_owner).Manifests);
        ManifestSignature ownerSignature = SignatureOf(signed);
        var context = new ContentKeyContext(manifest.Id, manifest.Version);
        Manifest withGrant = manifest with
        {
            Metadata = manifest.Metadata with { Access = AccessLevel.Restricted },
            Grantees = [_attacker.Public.Encode()],
            WrappedKeys = [.. manifest.WrappedKeys, IdentityKeyTable.Wrap(_attacker.Public, new byte[32], context, quantumResistant: true)],
        };

        // The owner's signatures spliced onto the extended body, and the attacker's own signatures over it.
        byte[] spliced = WithSignature(withGrant, ownerSignature);
        byte[] resigned = ManifestCodec.EncodeSigned(withGrant, ContentOwner.FromIdentity(_attacker).Manifests);

        Assert.Throws<ManifestFormatException>(() => ManifestCodec.DecodeSigned(spliced, NodeSigners.EcdsaP256Verifier));
        Assert.Throws<ManifestFormatException>(() => ManifestCodec.DecodeSigned(resigned, NodeSigners.EcdsaP256Verifier));
        Assert.Single(ManifestCodec.DecodeSigned(signed, NodeSigners.EcdsaP256Verifier).WrappedKeys);
    }

    [Fact]
    public void QuantumResistantManifest_OfAClassicalIdentity_IsRejected()
    {
        using ZhtpIdentity classical = Identities.Classical();
        byte[] signed = ManifestCodec.EncodeSigned(Sample(classical), ContentOwner.FromIdentity(classical).Manifests);

        ManifestFormatException error = Assert.Throws<ManifestFormatException>(() => ManifestCodec.DecodeSigned(signed, NodeSigners.EcdsaP256Verifier));
        Assert.Contains("Hybrid", error.Message, StringComparison.Ordinal);
    }

    private static Manifest Sample(ZhtpIdentity owner)
    {
        const int segmentSize = 4096;
        ContentOwner signer = ContentOwner.FromIdentity(owner);
        var holder = new Contact(NodeId.FromPublicKey([1, 2, 3]), new IPEndPoint(IPAddress.Loopback, 4000));
        var id = ContentId.For(signer.PublicKey.Span, "x");
        byte[] key = new byte[32];
        var shards = Enumerable.Range(0, 6).Select(j => new ShardEntry(new DhtKey(Blake3Hashing.Compute([(byte)j])), [holder])).ToArray();
        var metadata = new ContentMetadata { Filename = "f", Tags = ["a"] };
        return new Manifest
        {
            Id = id,
            Version = 1,
            Length = segmentSize,
            PlainHash = Blake3Hashing.Compute("p"u8),
            SegmentSize = segmentSize,
            DataShards = 4,
            ParityShards = 2,
            Encryption = EncryptionLevel.QuantumResistant,
            Metadata = MetadataSeal.PublicPart(metadata),
            SealedMetadata = MetadataSeal.Seal(metadata, key, id, 1),
            Created = DateTimeOffset.FromUnixTimeMilliseconds(42),
            Owner = signer.PublicKey,
            OwnerAlgorithm = signer.Records.Algorithm,
            OwnerIdentity = signer.Identity,
            WrappedKeys = owner.Kind == IdentityKind.Hybrid
                ? [IdentityKeyTable.Wrap(owner.Public, key, new ContentKeyContext(id, 1), quantumResistant: true)]
                : [new WrappedKey(new byte[32], IdentityKeyTable.HybridAlgorithm, new byte[100])],
            MerkleRoot = Blake3Hashing.Compute("m"u8),
            Segments = [new SegmentEntry(segmentSize, segmentSize, segmentSize + 16, false, (segmentSize + 16 + 3) / 4, shards)],
        };
    }

    private static ManifestSignature SignatureOf(byte[] envelope)
    {
        var reader = new MessagePackReader(envelope);
        reader.ReadArrayHeader();
        reader.ReadString();
        reader.ReadInt32();
        reader.Skip();
        reader.ReadArrayHeader();
        reader.TryReadBytesSpan(out ReadOnlySpan<byte> classical);
        byte[] classicalCopy = classical.ToArray();
        reader.TryReadBytesSpan(out ReadOnlySpan<byte> postQuantum);
        return new ManifestSignature(classicalCopy, postQuantum.ToArray());
    }

    /// <summary>The manifest encoded with the given signature block instead of a signer's (the body bytes are the same as any encoding of it).</summary>
    private static byte[] WithSignature(Manifest manifest, ManifestSignature signature) => ManifestCodec.EncodeSigned(manifest, new FixedSignature(signature));

    private sealed class FixedSignature(ManifestSignature signature) : IManifestSigner
    {
        public ManifestSignature Sign(ReadOnlySpan<byte> data) => signature;
    }
}
