using Zhtp.Storage.Content.Manager;
using Zhtp.Storage.Content.Manifests;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Tests.Manager;

/// <summary>Chunked segment tables are fetched chunk by chunk as they are read, a few chunks kept, each fetch shared.</summary>
public sealed class SegmentTableTests
{
    private const int PerChunk = 3;

    [Fact(Timeout = 10_000)]
    public async Task Chunked_FetchesOnlyTheChunksRead_KeepsAFew_AndEachFetchOnceWhileKept()
    {
        int chunks = SegmentTable.ChunksKept + 6;
        var source = new ChunkSource(chunks);
        SegmentTable table = SegmentTable.Chunked(source.References, source.FetchAsync);

        Assert.Equal((chunks * PerChunk) - 1, table.Count); // the last chunk is one short
        Assert.Equal(PerChunk, (await table.GetAsync(PerChunk, CancellationToken.None)).PlainLength);
        Assert.Equal([1], source.Fetched);

        for (long i = 0; i < table.Count; i++)
        {
            Assert.Equal(i, (await table.GetAsync(i, CancellationToken.None)).PlainLength);
            Assert.True(table.ChunksHeld <= SegmentTable.ChunksKept);
        }

        Assert.Equal([1, 0, .. Enumerable.Range(2, chunks - 2)], source.Fetched); // chunk 1 was still kept when reached again
        Assert.Equal(SegmentTable.ChunksKept, table.ChunksHeld);
        Assert.Equal(SegmentTable.ChunksKept * PerChunk, table.MaxHeldEntries);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await table.GetAsync(table.Count, CancellationToken.None));
    }

    [Fact(Timeout = 10_000)]
    public async Task ConcurrentReaders_OfOneChunk_ShareOneFetch_AndAFailedFetchIsTriedAgain()
    {
        var source = new ChunkSource(chunks: 2) { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), FailFirst = true };
        SegmentTable table = SegmentTable.Chunked(source.References, source.FetchAsync);

        ValueTask<SegmentEntry> first = table.GetAsync(0, CancellationToken.None);
        ValueTask<SegmentEntry> second = table.GetAsync(2, CancellationToken.None);
        source.Gate.SetResult();
        await Assert.ThrowsAsync<IOException>(async () => await first);
        await Assert.ThrowsAsync<IOException>(async () => await second);
        Assert.Equal([0], source.Fetched);

        Assert.Equal(1, (await table.GetAsync(1, CancellationToken.None)).PlainLength);
        Assert.Equal([0, 0], source.Fetched);
    }

    [Fact(Timeout = 10_000)]
    public async Task LoadAll_ReturnsEveryEntryInOrder_AndKeepsNothingMore()
    {
        var source = new ChunkSource(chunks: 12);
        SegmentTable table = SegmentTable.Chunked(source.References, source.FetchAsync);
        await table.GetAsync(0, CancellationToken.None);

        IReadOnlyList<SegmentEntry> all = await table.LoadAllAsync(CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, (int)table.Count), all.Select(e => e.PlainLength));
        Assert.Equal(1, table.ChunksHeld);
        Assert.Equal(12, source.Fetched.Count); // chunk 0 was held: not fetched again
    }

    [Fact]
    public async Task Whole_IsHeldAsGiven()
    {
        var entries = Enumerable.Range(0, 5).Select(ChunkSource.Entry).ToList();
        SegmentTable table = SegmentTable.Whole(entries);

        Assert.Equal(5, table.Count);
        Assert.Same(entries[4], await table.GetAsync(4, CancellationToken.None));
        Assert.Same(entries, await table.LoadAllAsync(CancellationToken.None));
        Assert.Equal(5, table.MaxHeldEntries);
    }

    /// <summary>Chunks of <see cref="PerChunk"/> entries (the last one short) whose PlainLength is their segment index.</summary>
    private sealed class ChunkSource(int chunks)
    {
        private readonly Lock _lock = new();
        private readonly List<int> _fetched = [];

        public IReadOnlyList<ManifestChunkRef> References { get; } = Enumerable.Range(0, chunks)
            .Select(c => new ManifestChunkRef(new DhtKey(Blake3Hashing.Compute([(byte)c])), c * PerChunk, c == chunks - 1 ? PerChunk - 1 : PerChunk)).ToList();

        public TaskCompletionSource? Gate { get; init; }

        public bool FailFirst { get; set; }

        public List<int> Fetched
        {
            get
            {
                lock (_lock)
                {
                    return [.. _fetched];
                }
            }
        }

        public static SegmentEntry Entry(int index) => new(index, 1, 1, false, 1, []);

        public async Task<List<SegmentEntry>> FetchAsync(ManifestChunkRef chunk)
        {
            int number = (int)(chunk.FirstSegment / PerChunk);
            bool fail;
            lock (_lock)
            {
                _fetched.Add(number);
                fail = FailFirst;
                FailFirst = false;
            }

            if (Gate is { } gate)
            {
                await gate.Task;
            }

            await Task.Yield();
            return fail
                ? throw new IOException("chunk holders offline")
                : Enumerable.Range((int)chunk.FirstSegment, chunk.Count).Select(Entry).ToList();
        }
    }
}
