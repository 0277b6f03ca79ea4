using System.Buffers;
using System.Net;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.MessagePack;
using static Zhtp.Storage.Content.Manifests.ManifestReading;

namespace Zhtp.Storage.Content.Manifests;

/// <summary>
/// Encodes and decodes signed manifests and segment-table chunks (docs/content.md, "Manifest").
/// Decoders bound every allocation by the bytes present and check the table against the manifest's
/// shape; any violation is a <see cref="ManifestFormatException"/>.
/// </summary>
internal static class ManifestCodec
{
    public const int FormatVersion = 2;
    public const int ChunkFormatVersion = 1;
    public const int MaxIdentitySize = 16384;
    public const int MaxGrantees = 256;
    public const int MaxSealedMetadata = 16384;
    public const string Magic = "zhtp-manifest";
    public const string ChunkMagic = "zhtp-segments";
    private const int MaxHolders = 16;
    private const int BodyFields = 21;
    private static readonly byte[] SignatureDomain = "zhtp-manifest-v2"u8.ToArray();

    /// <summary>Signs with a bare node key (no post-quantum signature): the owner fields of <paramref name="manifest"/> must name <paramref name="owner"/>.</summary>
    public static byte[] EncodeSigned(Manifest manifest, INodeSigner owner) => EncodeSigned(manifest, ManifestSigners.From(owner));

    /// <summary>The signed record value: <c>["zhtp-manifest", 2, body (bin), [classical signature (bin), post-quantum signature (bin)]]</c>.</summary>
    public static byte[] EncodeSigned(Manifest manifest, IManifestSigner signer)
    {
        byte[] body = EncodeBody(manifest);
        ManifestSignature signature = signer.Sign(SignedBytes(body));
        var buffer = new ArrayBufferWriter<byte>(body.Length + signature.Classical.Length + signature.PostQuantum.Length + 32);
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(4);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(body);
        writer.WriteArrayHeader(2);
        writer.Write(signature.Classical.Span);
        writer.Write(signature.PostQuantum.Span);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Decodes and verifies a signed manifest: with the owner identity inside when there is one (every
    /// signature it has must verify), else with <paramref name="verifier"/> and the owner key inside.
    /// </summary>
    public static Manifest DecodeSigned(ReadOnlyMemory<byte> value, ISignatureVerifier verifier)
    {
        try
        {
            var reader = new MessagePackReader(value);
            ExpectArray(ref reader, 4, "envelope");
            if (reader.ReadString() != Magic)
            {
                Fail("not a zhtp manifest");
            }

            int format = reader.ReadInt32();
            if (format != FormatVersion)
            {
                throw new ManifestFormatException(format < FormatVersion
                    ? $"Manifest format {format} is no longer read (this library reads format {FormatVersion}, which adds encryption levels, access levels and identity signatures); the owner must upload the content again."
                    : $"Manifest format {format} is not supported (this library reads format {FormatVersion}); upgrade Zhtp.Storage.Content.");
            }

            byte[] body = Bin(ref reader, value.Length, "body");
            ExpectArray(ref reader, 2, "signature block");
            var signature = new ManifestSignature(Bin(ref reader, 4096, "classical signature"), Bin(ref reader, 8192, "post-quantum signature"));
            if (!reader.End)
            {
                Fail("bytes follow the signature block");
            }

            Manifest manifest = DecodeBody(body);
            ManifestSignatures.Verify(manifest, SignedBytes(body), signature, verifier);
            return manifest;
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException or ArgumentException or FormatException)
        {
            throw new ManifestFormatException($"Malformed manifest: {e.Message}", e);
        }
    }

    /// <summary>A chunk of the segment table: <c>["zhtp-segments", 1, first segment, [segment...]]</c>.</summary>
    public static byte[] EncodeChunk(long firstSegment, IReadOnlyList<SegmentEntry> segments)
    {
        var buffer = new ArrayBufferWriter<byte>(segments.Count * 512);
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(4);
        writer.Write(ChunkMagic);
        writer.Write(ChunkFormatVersion);
        writer.Write(firstSegment);
        WriteSegments(ref writer, segments);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a chunk and checks it against <paramref name="manifest"/> and the reference that named it.</summary>
    public static List<SegmentEntry> DecodeChunk(ReadOnlyMemory<byte> value, Manifest manifest, ManifestChunkRef chunk)
    {
        try
        {
            var reader = new MessagePackReader(value);
            ExpectArray(ref reader, 4, "segment chunk");
            if (reader.ReadString() != ChunkMagic || reader.ReadInt32() != ChunkFormatVersion)
            {
                Fail("not a format-1 segment chunk");
            }

            if (reader.ReadInt64() != chunk.FirstSegment)
            {
                Fail($"the chunk does not start at segment {chunk.FirstSegment}");
            }

            List<SegmentEntry> segments = ReadSegments(ref reader, manifest, chunk.FirstSegment);
            if (segments.Count != chunk.Count)
            {
                Fail($"the chunk holds {segments.Count} segments, the manifest says {chunk.Count}");
            }

            return segments;
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException or ArgumentException or FormatException)
        {
            throw new ManifestFormatException($"Malformed segment chunk: {e.Message}", e);
        }
    }

    private static byte[] SignedBytes(ReadOnlySpan<byte> body)
    {
        var bytes = new byte[SignatureDomain.Length + body.Length];
        SignatureDomain.CopyTo(bytes, 0);
        body.CopyTo(bytes.AsSpan(SignatureDomain.Length));
        return bytes;
    }

    private static byte[] EncodeBody(Manifest m)
    {
        var buffer = new ArrayBufferWriter<byte>(1024 + (m.Segments.Count * 512));
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(BodyFields);
        WriteHash(ref writer, m.Id.Key.Value);
        writer.Write(m.Version);
        writer.Write(m.Length);
        WriteHash(ref writer, m.PlainHash);
        writer.Write(m.SegmentSize);
        writer.Write(m.DataShards);
        writer.Write(m.ParityShards);
        writer.Write((byte)m.Encryption);
        writer.Write((byte)m.Metadata.Access);
        WriteMetadata(ref writer, m.Metadata);
        writer.Write(m.SealedMetadata.Span);
        writer.Write(m.Created.ToUnixTimeMilliseconds());
        writer.Write(m.Owner.Span);
        writer.Write(m.OwnerAlgorithm);
        writer.Write(m.OwnerIdentity.Span);
        writer.WriteArrayHeader(m.Grantees.Count);
        foreach (ReadOnlyMemory<byte> grantee in m.Grantees)
        {
            writer.Write(grantee.Span);
        }

        writer.WriteArrayHeader(m.WrappedKeys.Count);
        foreach (WrappedKey key in m.WrappedKeys)
        {
            writer.WriteArrayHeader(3);
            writer.Write(key.Recipient.Span);
            writer.Write(key.Algorithm);
            writer.Write(key.Ciphertext.Span);
        }

        WriteHash(ref writer, m.MerkleRoot);
        writer.Write(m.SegmentCount);
        WriteSegments(ref writer, m.Segments);
        writer.WriteArrayHeader(m.Chunks.Count);
        foreach (ManifestChunkRef chunk in m.Chunks)
        {
            writer.WriteArrayHeader(3);
            WriteHash(ref writer, chunk.Key.Value);
            writer.Write(chunk.FirstSegment);
            writer.Write(chunk.Count);
        }

        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static Manifest DecodeBody(ReadOnlyMemory<byte> body)
    {
        var reader = new MessagePackReader(body);
        ExpectArray(ref reader, BodyFields, "manifest body");
        var id = new ContentId(new DhtKey(Hash(ref reader, "content id")));
        ulong version = reader.ReadUInt64();
        long length = reader.ReadInt64();
        Hash256 plainHash = Hash(ref reader, "plaintext hash");
        int segmentSize = Int(ref reader, 1, 64 << 20, "segment size");
        int k = Int(ref reader, 1, 255, "data shards");
        int m = Int(ref reader, 1, 255, "parity shards");
        if (k + m > 256)
        {
            Fail($"{k} + {m} shards exceed 256");
        }

        var encryption = (EncryptionLevel)reader.ReadByte();
        if (!Enum.IsDefined(encryption))
        {
            Fail($"unknown encryption level {(int)encryption}");
        }

        var access = (AccessLevel)reader.ReadByte();
        if (!Enum.IsDefined(access))
        {
            Fail($"unknown access level {(int)access}");
        }

        if (length < 0)
        {
            Fail($"negative length {length}");
        }

        ContentMetadata metadata = ReadMetadata(ref reader, access);
        byte[] sealedMetadata = Bin(ref reader, MaxSealedMetadata, "sealed metadata");
        DateTimeOffset created = DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64());
        byte[] owner = Bin(ref reader, 4096, "owner key");
        byte ownerAlgorithm = reader.ReadByte();
        byte[] ownerIdentity = Bin(ref reader, MaxIdentitySize, "owner identity");
        int granteeCount = Array(ref reader, "grantees");
        if (granteeCount > MaxGrantees)
        {
            Fail($"{granteeCount} grantees exceed {MaxGrantees}");
        }

        var grantees = new List<ReadOnlyMemory<byte>>(granteeCount);
        for (int i = 0; i < granteeCount; i++)
        {
            grantees.Add(Bin(ref reader, MaxIdentitySize, "grantee identity"));
        }

        int keyCount = Array(ref reader, "wrapped keys");
        if (keyCount > 4096)
        {
            Fail($"{keyCount} wrapped keys exceed 4,096");
        }

        var keys = new List<WrappedKey>(keyCount);
        for (int i = 0; i < keyCount; i++)
        {
            ExpectArray(ref reader, 3, "wrapped key");
            keys.Add(new WrappedKey(Bin(ref reader, 64, "recipient"), reader.ReadByte(), Bin(ref reader, 4096, "wrapped key")));
        }

        Hash256 merkleRoot = Hash(ref reader, "Merkle root");
        long segmentCount = reader.ReadInt64();
        var shape = new Manifest
        {
            Id = id, Version = version, Length = length, PlainHash = plainHash, SegmentSize = segmentSize, DataShards = k, ParityShards = m,
            Encryption = encryption, Metadata = metadata, SealedMetadata = sealedMetadata, Created = created, Owner = owner, OwnerAlgorithm = ownerAlgorithm,
            OwnerIdentity = ownerIdentity, Grantees = grantees, WrappedKeys = keys, MerkleRoot = merkleRoot,
        };
        CheckLevels(shape);
        if (segmentCount != shape.SegmentCount)
        {
            Fail($"{segmentCount} segments do not cover {length} bytes in segments of {segmentSize}");
        }

        List<SegmentEntry> segments = ReadSegments(ref reader, shape, 0);
        int chunkCount = Array(ref reader, "chunks");
        var chunks = new List<ManifestChunkRef>(chunkCount);
        long next = segments.Count;
        for (int i = 0; i < chunkCount; i++)
        {
            ExpectArray(ref reader, 3, "chunk reference");
            var chunk = new ManifestChunkRef(new DhtKey(Hash(ref reader, "chunk key")), reader.ReadInt64(), Int(ref reader, 1, int.MaxValue, "chunk segment count"));
            if (chunk.FirstSegment != next)
            {
                Fail($"chunk {i} starts at segment {chunk.FirstSegment}, expected {next}");
            }

            next += chunk.Count;
            chunks.Add(chunk);
        }

        if (next != segmentCount || (segments.Count > 0 && chunks.Count > 0))
        {
            Fail($"the segment table covers {next} of {segmentCount} segments");
        }

        if (!reader.End)
        {
            Fail("bytes follow the manifest body");
        }

        return shape with { Segments = segments, Chunks = chunks };
    }

    /// <summary>The combinations of encryption level, access level, sealed metadata and key table a valid manifest may have.</summary>
    private static void CheckLevels(Manifest m)
    {
        bool published = m.WrappedKeys.Any(k => k.Algorithm == ContentKeyTable.PublishedAlgorithm);
        if (m.Encryption == EncryptionLevel.None && (m.WrappedKeys.Count > 0 || m.Grantees.Count > 0))
        {
            Fail("an unencrypted manifest carries wrapped keys or grantees");
        }

        if (m.Encryption != EncryptionLevel.None && m.WrappedKeys.Count == 0)
        {
            Fail("an encrypted manifest carries no wrapped key");
        }

        if (m.HidesMetadata != (m.SealedMetadata.Length > 0)
            || (m.HidesMetadata && (m.Metadata.Filename.Length > 0 || m.Metadata.ContentType.Length > 0 || m.Metadata.Tags.Count > 0 || m.Metadata.Description.Length > 0)))
        {
            Fail($"the sealed metadata does not match encryption level {m.Encryption}");
        }

        if (published != (m.Metadata.Access == AccessLevel.Public && m.Encryption != EncryptionLevel.None) || (published && m.Encryption != EncryptionLevel.Standard))
        {
            Fail($"a published content key goes with Public Standard content only (this is {m.Metadata.Access} at {m.Encryption})");
        }

        if (m.Grantees.Count > 0 && m.Metadata.Access != AccessLevel.Restricted)
        {
            Fail($"{m.Metadata.Access} content carries grantees; only Restricted content has them");
        }

        if (m.Encryption == EncryptionLevel.QuantumResistant && m.OwnerIdentity.Length == 0)
        {
            Fail("QuantumResistant content is signed by a user identity, but the manifest names none");
        }

        if (m.Encryption == EncryptionLevel.QuantumResistant && m.WrappedKeys.Any(k => k.Algorithm != Security.IdentityKeyTable.HybridAlgorithm))
        {
            Fail("QuantumResistant content wraps every key with the hybrid scheme (algorithm 3), but the table holds another");
        }
    }

    private static void WriteMetadata(ref MessagePackWriter writer, ContentMetadata metadata)
    {
        writer.WriteArrayHeader(8);
        writer.Write(metadata.Filename);
        writer.Write(metadata.ContentType);
        WriteTags(ref writer, metadata.Tags);
        writer.Write(metadata.Description);
        writer.Write((byte)metadata.Tier);
        writer.Write((byte)metadata.AccessPattern);
        writer.Write(metadata.Replication);
        if (metadata.Expires is { } expires)
        {
            writer.Write(expires.ToUnixTimeMilliseconds());
        }
        else
        {
            writer.WriteNil();
        }
    }

    private static ContentMetadata ReadMetadata(ref MessagePackReader reader, AccessLevel access)
    {
        ExpectArray(ref reader, 8, "metadata");
        string filename = Text(ref reader, 255, "filename");
        string contentType = Text(ref reader, 255, "content type");
        List<string> tags = Tags(ref reader);

        var metadata = new ContentMetadata
        {
            Filename = filename,
            ContentType = contentType,
            Tags = tags,
            Description = Text(ref reader, 4096, "description"),
            Tier = (StorageTier)reader.ReadByte(),
            AccessPattern = (ContentAccessPattern)reader.ReadByte(),
            Replication = reader.ReadInt32(),
            Access = access,
            Expires = reader.TryReadNil() ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64()),
        };
        if (metadata.Validate() is [string first, ..])
        {
            Fail($"metadata: {first}");
        }

        return metadata;
    }

    private static void WriteSegments(ref MessagePackWriter writer, IReadOnlyList<SegmentEntry> segments)
    {
        writer.WriteArrayHeader(segments.Count);
        foreach (SegmentEntry segment in segments)
        {
            writer.WriteArrayHeader(6);
            writer.Write(segment.PlainLength);
            writer.Write(segment.StoredLength);
            writer.Write(segment.SealedLength);
            writer.Write(segment.Compressed);
            writer.Write(segment.ShardLength);
            writer.WriteArrayHeader(segment.Shards.Count);
            foreach (ShardEntry shard in segment.Shards)
            {
                writer.WriteArrayHeader(2);
                WriteHash(ref writer, shard.Key.Value);
                writer.WriteArrayHeader(shard.Holders.Count);
                foreach (Contact holder in shard.Holders)
                {
                    writer.WriteArrayHeader(3);
                    WriteHash(ref writer, holder.Id.Value);
                    WriteEndPoint(ref writer, holder.EndPoint);
                }
            }
        }
    }

    /// <summary>One holder, as the one-element array every shard naming it shares.</summary>
    private static Contact[] ReadHolder(ref MessagePackReader reader, Dictionary<(NodeId Id, IPEndPoint EndPoint), Contact[]> contacts)
    {
        ExpectArray(ref reader, 3, "holder");
        var nodeId = new NodeId(Hash(ref reader, "holder id"));
        IPEndPoint endPoint = EndPoint(ref reader);
        if (!contacts.TryGetValue((nodeId, endPoint), out Contact[]? single))
        {
            single = [new Contact(nodeId, endPoint)];
            contacts.Add((nodeId, endPoint), single);
        }

        return single;
    }

    private static List<SegmentEntry> ReadSegments(ref MessagePackReader reader, Manifest shape, long first)
    {
        int count = Array(ref reader, "segment table");
        if (first + count > shape.SegmentCount)
        {
            Fail($"the table lists segments up to {first + count}, the content has {shape.SegmentCount}");
        }

        int overhead = SegmentCipher.Overhead(shape.Cipher);
        var segments = new List<SegmentEntry>(count);
        // A table names the same few holders over and over (a 1 GiB upload: 6,144 shards on 8 nodes), and a decoded table
        // stays in the manifest cache: each distinct holder is one Contact, and each single-holder list one array, shared by
        // every shard that names it, instead of a Contact, endpoint and address per shard. Bounded by the bytes present.
        var contacts = new Dictionary<(NodeId Id, IPEndPoint EndPoint), Contact[]>();
        for (int s = 0; s < count; s++)
        {
            long index = first + s;
            ExpectArray(ref reader, 6, "segment");
            int plain = Int(ref reader, 1, shape.SegmentSize, "segment length");
            int stored = Int(ref reader, 1, shape.SegmentSize, "stored length");
            int sealedLength = Int(ref reader, 1, int.MaxValue, "sealed length");
            bool compressed = reader.ReadBoolean();
            int shardLength = Int(ref reader, 1, int.MaxValue, "shard length");
            if (plain != shape.PlainLengthOf(index) || (compressed ? stored >= plain : stored != plain)
                || sealedLength != stored + overhead || shardLength != (sealedLength + shape.DataShards - 1) / shape.DataShards)
            {
                Fail($"segment {index}: lengths {plain}/{stored}/{sealedLength}/{shardLength} are inconsistent with the manifest");
            }

            ExpectArray(ref reader, shape.TotalShards, $"segment {index} shards");
            var shards = new ShardEntry[shape.TotalShards];
            for (int j = 0; j < shards.Length; j++)
            {
                ExpectArray(ref reader, 2, "shard");
                var key = new DhtKey(Hash(ref reader, "shard key"));
                int holderCount = Array(ref reader, "holders");
                if (holderCount > MaxHolders)
                {
                    Fail($"{holderCount} holders exceed {MaxHolders}");
                }

                Contact[] holders;
                if (holderCount == 1)
                {
                    holders = ReadHolder(ref reader, contacts); // shared: never written after decoding
                }
                else
                {
                    holders = new Contact[holderCount];
                    for (int h = 0; h < holderCount; h++)
                    {
                        holders[h] = ReadHolder(ref reader, contacts)[0];
                    }
                }

                shards[j] = new ShardEntry(key, holders);
            }

            segments.Add(new SegmentEntry(plain, stored, sealedLength, compressed, shardLength, shards));
        }

        return segments;
    }
}
