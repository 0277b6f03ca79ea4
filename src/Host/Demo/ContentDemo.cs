using System.Buffers;
using System.Globalization;
using System.Text;
using Zhtp.Storage.Content.Compression;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Erasure;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Host.Demo;

/// <summary>
/// The content stage of <c>zhtp demo</c>: one piece of content goes through every built layer on a
/// running DHT — LZ4 frame compression, Reed-Solomon 4+2 per segment, each shard addressed by its
/// BLAKE3 hash and stored as an immutable record on the k closest nodes (bulk channel for shards
/// larger than a datagram), and a manifest record. Retrieval starts from another node with only the
/// manifest key, fetches 4 of the 6 shards of every segment (two are skipped, as if lost),
/// reconstructs, decompresses and checks the BLAKE3 hash of the result.
/// </summary>
/// <remarks>
/// Encryption and access control (the content manager of DESIGN.md phase D) are not built yet; this
/// stage composes the layers that are, with a manifest format local to the demo.
/// </remarks>
internal static class ContentDemo
{
    private const int DataShards = 4;
    private const int ParityShards = 2;
    private const int SegmentSize = DataShards * 64 * 1024;

    /// <summary>Stores and retrieves one generated document; returns false (and says why) on any mismatch.</summary>
    public static async Task<bool> RunAsync(IReadOnlyList<IDhtNode> nodes, Random random, TextWriter output, CancellationToken cancellationToken)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        byte[] content = MakeDocument(random, 1_500_000);
        ContentHash contentHash = ContentHash.Of(content);

        IDhtNode writer = nodes[random.Next(nodes.Count)];
        byte[] compressed = Compress(content);
        ReedSolomonCodec codec = ReedSolomon.Create(DataShards, ParityShards);
        int segments = (compressed.Length + SegmentSize - 1) / SegmentSize;
        var shardKeys = new DhtKey[segments][];
        long shardBytes = 0;
        for (int s = 0; s < segments; s++)
        {
            ReadOnlySpan<byte> segment = compressed.AsSpan(s * SegmentSize, Math.Min(SegmentSize, compressed.Length - (s * SegmentSize)));
            byte[][] shards = ShardSplitter.Split(segment, DataShards, ParityShards);
            codec.Encode(shards);
            StoreResult[] stored = await Task.WhenAll(shards.Select(shard => writer.StoreAsync(shard, cancellationToken))).ConfigureAwait(false);
            shardKeys[s] = stored.Select(r => r.Key).ToArray();
            shardBytes += shards.Sum(x => (long)x.Length);
            foreach (StoreResult r in stored.Where(r => r.StoredOn.Count == 0))
            {
                await output.WriteLineAsync($"      shard {r.Key} was stored on no node").ConfigureAwait(false);
                return false;
            }
        }

        byte[] manifest = EncodeManifest(content.Length, contentHash, compressed.Length, shardKeys);
        StoreResult manifestStored = await writer.StoreAsync(manifest, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(c,
            $"      stored {content.Length:N0} bytes: LZ4 -> {compressed.Length:N0} bytes (ratio {(double)content.Length / compressed.Length:F2}), {segments} segments x RS {DataShards}+{ParityShards} = {segments * (DataShards + ParityShards)} shards ({shardBytes:N0} bytes), manifest {manifestStored.Key.ToString()[..16]}… on {manifestStored.StoredOn.Count} nodes")).ConfigureAwait(false);

        IDhtNode reader = nodes.First(n => n != writer);
        FindValueResult found = await reader.FindValueAsync(manifestStored.Key, cancellationToken).ConfigureAwait(false);
        if (found.Record is null)
        {
            await output.WriteLineAsync("      the manifest was not found").ConfigureAwait(false);
            return false;
        }

        (int originalLength, ContentHash expectedHash, int compressedLength, DhtKey[][] keys) = DecodeManifest(found.Record.Value);
        byte[] restoredCompressed = new byte[compressedLength];
        int skipped = 0;
        for (int s = 0; s < keys.Length; s++)
        {
            // Fetch shards 1, 3, 4, 5 only: data shards 0 and 2 are treated as lost and rebuilt from parity.
            int[] fetch = Enumerable.Range(0, DataShards + ParityShards).Where(i => i is not (0 or 2)).ToArray();
            skipped += DataShards + ParityShards - fetch.Length;
            FindValueResult[] results = await Task.WhenAll(fetch.Select(i => reader.FindValueAsync(keys[s][i], cancellationToken))).ConfigureAwait(false);
            var shards = new byte[]?[DataShards + ParityShards];
            for (int j = 0; j < fetch.Length; j++)
            {
                if (results[j].Record is not { } record)
                {
                    await output.WriteLineAsync(string.Create(c, $"      shard {fetch[j]} of segment {s} was not found")).ConfigureAwait(false);
                    return false;
                }

                shards[fetch[j]] = record.Value.ToArray();
            }

            codec.ReconstructData(shards);
            int segmentLength = Math.Min(SegmentSize, compressedLength - (s * SegmentSize));
            byte[] joined = ShardSplitter.Join(shards!, DataShards, segmentLength);
            joined.CopyTo(restoredCompressed, s * SegmentSize);
        }

        byte[] restored = Decompress(restoredCompressed);
        ContentHash restoredHash = ContentHash.Of(restored);
        bool ok = restored.Length == originalLength && restoredHash == expectedHash && restored.AsSpan().SequenceEqual(content);
        await output.WriteLineAsync(string.Create(c,
            $"      retrieved from another node with the manifest key alone: {keys.Length * (DataShards + ParityShards) - skipped} shards fetched, {skipped} skipped and rebuilt from parity, decompressed {restored.Length:N0} bytes, BLAKE3 {(ok ? "matches" : "DIFFERS")} ({restoredHash.ToString()[..16]}…)")).ConfigureAwait(false);
        return ok;
    }

    private static byte[] MakeDocument(Random random, int length)
    {
        string[] words = ["shard", "segment", "parity", "node", "bucket", "record", "escrow", "audit", "ledger", "contract", "lookup", "replica", "merkle", "proof", "token", "quote"];
        var text = new StringBuilder(length + 100);
        while (text.Length < length)
        {
            text.Append(CultureInfo.InvariantCulture, $"{text.Length:D8} ");
            for (int i = 0; i < 12; i++)
            {
                text.Append(words[random.Next(words.Length)]).Append(' ');
            }

            text.Append('\n');
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, length));
    }

    private static byte[] Compress(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (Stream encoder = LZ4Stream.Encode(buffer, leaveOpen: true))
        {
            encoder.Write(content);
        }

        return buffer.ToArray();
    }

    private static byte[] Decompress(byte[] frame)
    {
        using var source = new MemoryStream(frame);
        using Stream decoder = LZ4Stream.Decode(source);
        using var result = new MemoryStream();
        decoder.CopyTo(result);
        return result.ToArray();
    }

    // Manifest: [1, originalLength, contentHash(bin32), compressedLength, [[shardKey(bin32) x 6] per segment]]
    private static byte[] EncodeManifest(int originalLength, ContentHash hash, int compressedLength, DhtKey[][] shardKeys)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        Span<byte> id = stackalloc byte[Hash256.Size];
        writer.WriteArrayHeader(5);
        writer.Write(1);
        writer.Write(originalLength);
        hash.WriteTo(id);
        writer.Write(id);
        writer.Write(compressedLength);
        writer.WriteArrayHeader(shardKeys.Length);
        foreach (DhtKey[] segment in shardKeys)
        {
            writer.WriteArrayHeader(segment.Length);
            foreach (DhtKey key in segment)
            {
                key.WriteTo(id);
                writer.Write(id);
            }
        }

        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static (int OriginalLength, ContentHash Hash, int CompressedLength, DhtKey[][] ShardKeys) DecodeManifest(ReadOnlyMemory<byte> manifest)
    {
        var reader = new MessagePackReader(manifest);
        if (reader.ReadArrayHeader() != 5 || reader.ReadInt32() != 1)
        {
            throw new InvalidDataException("Not a version-1 demo manifest.");
        }

        int originalLength = reader.ReadInt32();
        ContentHash hash = new(ReadId(ref reader));
        int compressedLength = reader.ReadInt32();
        var segments = new DhtKey[reader.ReadArrayHeader()][];
        for (int s = 0; s < segments.Length; s++)
        {
            segments[s] = new DhtKey[reader.ReadArrayHeader()];
            for (int i = 0; i < segments[s].Length; i++)
            {
                segments[s][i] = new DhtKey(ReadId(ref reader));
            }
        }

        return (originalLength, hash, compressedLength, segments);
    }

    private static Hash256 ReadId(ref MessagePackReader reader) =>
        reader.TryReadBytesSpan(out ReadOnlySpan<byte> bytes) ? new Hash256(bytes) : throw new InvalidDataException("Manifest id is not a 32-byte bin.");
}
