using System.Net;
using Zhtp.Storage.Content.Manifests;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Content.Tests.Manager;

public sealed class ManifestCodecTests
{
    private static readonly INodeSigner Owner = NodeSigners.CreateEcdsaP256FromSeed(1);

    [Fact]
    public void RoundTrip_KeepsEveryField()
    {
        Manifest manifest = Sample(3);
        Manifest decoded = ManifestCodec.DecodeSigned(ManifestCodec.EncodeSigned(manifest, Owner), NodeSigners.EcdsaP256Verifier);

        Assert.Equal(manifest.Id, decoded.Id);
        Assert.Equal(manifest.Length, decoded.Length);
        Assert.Equal(manifest.PlainHash, decoded.PlainHash);
        Assert.Equal(manifest.Metadata.Tags, decoded.Metadata.Tags);
        Assert.Equal(manifest.Metadata.Expires, decoded.Metadata.Expires);
        Assert.Equal(manifest.WrappedKeys[0].Ciphertext.ToArray(), decoded.WrappedKeys[0].Ciphertext.ToArray());
        Assert.Equal(manifest.Segments[2].Shards[5].Holders[0], decoded.Segments[2].Shards[5].Holders[0]);
        Assert.Equal(manifest.MerkleRoot, decoded.MerkleRoot);
    }

    [Fact]
    public void DecodedTable_SharesOneContactPerHolder_AcrossShards()
    {
        Manifest manifest = Sample(4) with { };
        var other = new Contact(NodeId.FromPublicKey([4, 5, 6]), new IPEndPoint(IPAddress.Loopback, 4001));
        var segments = manifest.Segments.ToList();
        segments[3] = segments[3] with { Shards = [.. segments[3].Shards.Take(5), new ShardEntry(segments[3].Shards[5].Key, [other, segments[0].Shards[0].Holders[0]])] };
        manifest = manifest with { Segments = segments };

        Manifest decoded = ManifestCodec.DecodeSigned(ManifestCodec.EncodeSigned(manifest, Owner), NodeSigners.EcdsaP256Verifier);

        var singles = decoded.Segments.SelectMany(s => s.Shards).Where(s => s.Holders.Count == 1).ToList();
        Assert.Equal(23, singles.Count);
        Assert.All(singles, s => Assert.Same(singles[0].Holders, s.Holders));
        IReadOnlyList<Contact> two = decoded.Segments[3].Shards[5].Holders;
        Assert.Equal([other, manifest.Segments[0].Shards[0].Holders[0]], two);
        Assert.Same(singles[0].Holders[0], two[1]);
        Assert.Equal(manifest.Segments.SelectMany(s => s.Shards).Select(s => s.Key), decoded.Segments.SelectMany(s => s.Shards).Select(s => s.Key));
    }

    [Fact]
    public void EveryTruncation_IsATypedError()
    {
        byte[] bytes = ManifestCodec.EncodeSigned(Sample(2), Owner);
        for (int length = 0; length < bytes.Length; length += 7)
        {
            Assert.Throws<ManifestFormatException>(() => ManifestCodec.DecodeSigned(bytes.AsMemory(0, length), NodeSigners.EcdsaP256Verifier));
        }
    }

    [Fact]
    public void FlippedBytes_AreRejected_NeverReturned()
    {
        byte[] bytes = ManifestCodec.EncodeSigned(Sample(2), Owner);
        var random = new Random(5);
        for (int i = 0; i < 300; i++)
        {
            byte[] copy = (byte[])bytes.Clone();
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
            Assert.Throws<ManifestFormatException>(() => ManifestCodec.DecodeSigned(copy, NodeSigners.EcdsaP256Verifier));
        }
    }

    [Fact]
    public void SignedByAnotherKeyThanTheOwnerItNames_IsForged()
    {
        byte[] bytes = ManifestCodec.EncodeSigned(Sample(1), NodeSigners.CreateEcdsaP256FromSeed(2));

        ManifestFormatException error = Assert.Throws<ManifestFormatException>(() => ManifestCodec.DecodeSigned(bytes, NodeSigners.EcdsaP256Verifier));
        Assert.Contains("not signed by the owner", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HugeCounts_FailBeforeAllocating()
    {
        // A body that claims 2^31 - 1 wrapped keys, then a segment table of 2^31 - 1 entries, in a few bytes.
        foreach (byte[] body in new[] { HostileBody(keys: int.MaxValue, segments: 0), HostileBody(keys: 0, segments: int.MaxValue) })
        {
            byte[] envelope = Envelope(body);
            long before = GC.GetAllocatedBytesForCurrentThread();
            Assert.Throws<ManifestFormatException>(() => ManifestCodec.DecodeSigned(envelope, NodeSigners.EcdsaP256Verifier));
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "decoding a hostile manifest allocated a megabyte or more");
        }
    }

    [Fact]
    public void HeadRecord_RoundTrips_AndRejectsOutOfOrderVersions()
    {
        var head = new HeadRecord(false, [new ContentVersion(1, default, 10, DateTimeOffset.FromUnixTimeMilliseconds(5)), new ContentVersion(2, default, 20, DateTimeOffset.FromUnixTimeMilliseconds(6))]);
        HeadRecord decoded = HeadRecord.Decode(head.Encode());
        var disordered = new HeadRecord(false, [head.Versions[1], head.Versions[0]]);

        Assert.Equal(head.Versions, decoded.Versions);
        Assert.Throws<ManifestFormatException>(() => HeadRecord.Decode(disordered.Encode()));
        Assert.Throws<ManifestFormatException>(() => HeadRecord.Decode(head.Encode().AsMemory(0, 20)));
    }

    [Fact]
    public void MerkleRoot_MatchesAPairwiseTree()
    {
        DhtKey[] leaves = Enumerable.Range(0, 7).Select(i => new DhtKey(Blake3Hashing.Compute([(byte)i]))).ToArray();
        var root = new ShardMerkleRoot();
        foreach (DhtKey leaf in leaves)
        {
            root.Add(leaf);
        }

        List<Hash256> level = leaves.Select(l => l.Value).ToList();
        while (level.Count > 1)
        {
            level = level.Chunk(2).Select(p => p.Length == 1 ? p[0] : Combine(p[0], p[1])).ToList();
        }

        Assert.Equal(level[0], root.Root());
        Assert.Equal(Hash256.Zero, new ShardMerkleRoot().Root());
    }

    private static Hash256 Combine(Hash256 left, Hash256 right) => Blake3Hashing.Compute([1, .. left.ToArray(), .. right.ToArray()]);

    private static Manifest Sample(int segments)
    {
        const int segmentSize = 4096;
        var holder = new Contact(NodeId.FromPublicKey([1, 2, 3]), new IPEndPoint(IPAddress.Loopback, 4000));
        var entries = Enumerable.Range(0, segments).Select(s => new SegmentEntry(segmentSize, 1000, 1016, true, 254,
            Enumerable.Range(0, 6).Select(j => new ShardEntry(new DhtKey(Blake3Hashing.Compute([(byte)s, (byte)j])), [holder])).ToArray())).ToList();
        return new Manifest
        {
            Id = ContentId.For(Owner.PublicKey.Span, "x"),
            Version = 1,
            Length = segments * (long)segmentSize,
            PlainHash = Blake3Hashing.Compute("p"u8),
            SegmentSize = segmentSize,
            DataShards = 4,
            ParityShards = 2,
            Encryption = EncryptionLevel.Standard,
            Metadata = new ContentMetadata { Filename = "f", Tags = ["a", "b"], Expires = DateTimeOffset.FromUnixTimeMilliseconds(1_000_000) },
            Created = DateTimeOffset.FromUnixTimeMilliseconds(42),
            Owner = Owner.PublicKey,
            OwnerAlgorithm = Owner.Algorithm,
            WrappedKeys = [new WrappedKey(new byte[16], 1, new byte[60])],
            MerkleRoot = Blake3Hashing.Compute("m"u8),
            Segments = entries,
        };
    }

    private static byte[] HostileBody(int keys, int segments)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(21);
        writer.Write(new byte[32]);
        writer.Write(1UL);
        writer.Write(segments == 0 ? 0L : 4096L * 1000);
        writer.Write(new byte[32]);
        writer.Write(4096);
        writer.Write(4);
        writer.Write(2);
        writer.Write((byte)0);
        writer.Write((byte)0);
        writer.WriteArrayHeader(8);
        writer.Write("");
        writer.Write("t");
        writer.WriteArrayHeader(0);
        writer.Write("");
        writer.Write((byte)0);
        writer.Write((byte)0);
        writer.Write(3);
        writer.WriteNil();
        writer.Write(ReadOnlySpan<byte>.Empty);
        writer.Write(0L);
        writer.Write(Owner.PublicKey.Span);
        writer.Write(Owner.Algorithm);
        writer.Write(ReadOnlySpan<byte>.Empty);
        writer.WriteArrayHeader(0);
        writer.WriteArrayHeader(keys);
        if (keys == 0)
        {
            writer.Write(new byte[32]);
            writer.Write(segments == 0 ? 0L : 1000L);
            writer.WriteArrayHeader(segments);
        }

        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Envelope(byte[] body)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(4);
        writer.Write(ManifestCodec.Magic);
        writer.Write(ManifestCodec.FormatVersion);
        writer.Write(body);
        writer.WriteArrayHeader(2);
        writer.Write(new byte[64]);
        writer.Write(ReadOnlySpan<byte>.Empty);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
