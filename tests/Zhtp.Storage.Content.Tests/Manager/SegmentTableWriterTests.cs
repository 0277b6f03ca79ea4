using System.Net;
using Zhtp.Storage.Content.Manager;
using Zhtp.Storage.Content.Manifests;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Tests.Manager;

/// <summary>An upload's segment table is stored chunk by chunk while the segments arrive, never held whole.</summary>
public sealed class SegmentTableWriterTests
{
    private const int PerRecord = 4;

    [Fact(Timeout = 10_000)]
    public async Task Chunks_AreStoredAsSoonAsTheTableNeedsThem_AndTheLastOneAtTheEnd()
    {
        var stored = new List<(long First, int[] Lengths)>();
        var writer = new SegmentTableWriter(PerRecord, (first, part, _) =>
        {
            stored.Add((first, part.Select(e => e.PlainLength).ToArray()));
            return Task.FromResult(new DhtKey(Blake3Hashing.Compute(BitConverter.GetBytes(first))));
        });

        for (int i = 0; i < PerRecord; i++)
        {
            await writer.AddAsync(Entry(i), CancellationToken.None);
        }

        Assert.Empty(stored); // four entries may still be an inline table
        await writer.AddAsync(Entry(PerRecord), CancellationToken.None);
        Assert.Equal([(0L, new[] { 0, 1, 2, 3 })], stored.Select(s => (s.First, s.Lengths)).ToList(), TupleComparer.Instance);

        for (int i = PerRecord + 1; i < (3 * PerRecord) + 2; i++)
        {
            await writer.AddAsync(Entry(i), CancellationToken.None);
            Assert.Equal(i / PerRecord, stored.Count); // a chunk goes as soon as the one after it starts
        }

        (IReadOnlyList<SegmentEntry> inline, IReadOnlyList<ManifestChunkRef> chunks) = await writer.CompleteAsync(CancellationToken.None);

        Assert.Empty(inline);
        Assert.Equal([0L, 4L, 8L, 12L], chunks.Select(c => c.FirstSegment));
        Assert.Equal([4, 4, 4, 2], chunks.Select(c => c.Count));
        Assert.Equal([12, 13], stored[^1].Lengths);
        Assert.Equal(stored.Select(s => new DhtKey(Blake3Hashing.Compute(BitConverter.GetBytes(s.First)))), chunks.Select(c => c.Key));
        Assert.Equal(14, writer.Count);
    }

    [Fact(Timeout = 10_000)]
    public async Task ATableOfAtMostOneRecord_StaysInline_WithTheFiguresOfEveryEntry()
    {
        int calls = 0;
        var writer = new SegmentTableWriter(PerRecord, (_, _, _) =>
        {
            calls++;
            return Task.FromResult(default(DhtKey));
        });
        var entries = Enumerable.Range(0, PerRecord).Select(Entry).ToList();
        foreach (SegmentEntry entry in entries)
        {
            await writer.AddAsync(entry, CancellationToken.None);
        }

        (IReadOnlyList<SegmentEntry> inline, IReadOnlyList<ManifestChunkRef> chunks) = await writer.CompleteAsync(CancellationToken.None);

        Assert.Equal(0, calls);
        Assert.Equal(entries, inline);
        Assert.Empty(chunks);
        var merkle = new ShardMerkleRoot();
        foreach (ShardEntry shard in entries.SelectMany(e => e.Shards))
        {
            merkle.Add(shard.Key);
        }

        Assert.Equal(merkle.Root(), writer.MerkleRoot);
        Assert.Equal(entries.Sum(e => (long)e.ShardLength * e.Shards.Count), writer.StoredBytes);
        Assert.Equal(3, writer.Holders); // holders 0, 1 and 2, each named by several shards
    }

    [Fact(Timeout = 10_000)]
    public async Task AChunkThatCannotBeStored_FailsTheAdd()
    {
        var writer = new SegmentTableWriter(PerRecord, (_, _, _) => Task.FromException<DhtKey>(new ContentException("no node took the chunk")));
        for (int i = 0; i < PerRecord; i++)
        {
            await writer.AddAsync(Entry(i), CancellationToken.None);
        }

        await Assert.ThrowsAsync<ContentException>(() => writer.AddAsync(Entry(PerRecord), CancellationToken.None));
    }

    /// <summary>Segment <paramref name="index"/>: PlainLength is the index; two shards, on holders index % 3 and (index + 1) % 3.</summary>
    private static SegmentEntry Entry(int index) => new(index, 10, 10, false, 100 + index,
    [
        new ShardEntry(new DhtKey(Blake3Hashing.Compute([(byte)index, 0])), [Holder(index % 3)]),
        new ShardEntry(new DhtKey(Blake3Hashing.Compute([(byte)index, 1])), [Holder((index + 1) % 3)]),
    ]);

    private static Contact Holder(int n) => new(NodeId.FromPublicKey([(byte)n]), new IPEndPoint(IPAddress.Loopback, 4000 + n));

    private sealed class TupleComparer : IEqualityComparer<(long, int[])>
    {
        public static readonly TupleComparer Instance = new();

        public bool Equals((long, int[]) x, (long, int[]) y) => x.Item1 == y.Item1 && x.Item2.SequenceEqual(y.Item2);

        public int GetHashCode((long, int[]) obj) => obj.Item1.GetHashCode();
    }
}
