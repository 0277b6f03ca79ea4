using Zhtp.Storage.Content.Manifests;

namespace Zhtp.Storage.Content.Manager;

/// <summary>
/// A version's segment table as readers use it. A table written into the manifest is held whole. A chunked one (a manifest
/// of manifests: one chunk record per 2,048 segments by default) is fetched chunk by chunk as segments are asked for, and
/// only the last <see cref="ChunksKept"/> chunks stay decoded, so reading a 1 TiB object holds at most 32,768 segment
/// entries (about 16 MB), not its half-gigabyte table, and its first byte does not wait for 512 chunk lookups. Operations
/// that need every entry (repair and renewal, placement) load them all with <see cref="LoadAllAsync"/>, which keeps
/// nothing; a grant's new manifest names the same chunks and needs none. Safe for concurrent readers: a chunk being fetched is fetched once for all of them.
/// </summary>
internal sealed class SegmentTable
{
    /// <summary>
    /// Decoded chunks kept per table (2,048 segments each by default, about 1 MB decoded): a table of up to 16 chunks (32 GiB
    /// at 1 MiB segments) stays whole once read; with 4, random 64 KiB reads of a 128 MiB object in 8 KiB segments (8 chunks)
    /// had a first-byte p50 of 3.9 ms and p99 of 33 ms against 0.6 and 6.2 ms with the whole table held.
    /// </summary>
    public const int ChunksKept = 16;

    /// <summary>Chunks fetched at once by <see cref="LoadAllAsync"/>.</summary>
    public const int ParallelChunkFetches = 8;

    private readonly IReadOnlyList<SegmentEntry>? _whole;
    private readonly IReadOnlyList<ManifestChunkRef> _chunks;
    private readonly Func<ManifestChunkRef, Task<List<SegmentEntry>>>? _fetch;
    private readonly Lock _lock = new();
    private readonly Dictionary<int, Task<List<SegmentEntry>>> _held = [];
    private readonly Queue<int> _order = new();

    private SegmentTable(IReadOnlyList<SegmentEntry>? whole, IReadOnlyList<ManifestChunkRef> chunks, Func<ManifestChunkRef, Task<List<SegmentEntry>>>? fetch)
    {
        _whole = whole;
        _chunks = chunks;
        _fetch = fetch;
        Count = whole?.Count ?? (chunks.Count == 0 ? 0 : chunks[^1].FirstSegment + chunks[^1].Count);
        MaxHeldEntries = whole?.Count ?? chunks.Select(c => (long)c.Count).OrderDescending().Take(ChunksKept).Sum();
    }

    /// <summary>A table held whole (written in the manifest, or just built by an upload).</summary>
    public static SegmentTable Whole(IReadOnlyList<SegmentEntry> segments) => new(segments, [], null);

    /// <summary>
    /// A chunked table: <paramref name="chunks"/> are the manifest's verified, contiguous chunk references, and
    /// <paramref name="fetch"/> fetches and decodes one (it is not tied to any one reader's cancellation: readers that
    /// stop waiting leave it to the others).
    /// </summary>
    public static SegmentTable Chunked(IReadOnlyList<ManifestChunkRef> chunks, Func<ManifestChunkRef, Task<List<SegmentEntry>>> fetch) => new(null, chunks, fetch);

    /// <summary>Segments in the table.</summary>
    public long Count { get; }

    /// <summary>The most entries this table holds decoded at once (what the manifest cache counts against its budget).</summary>
    public long MaxHeldEntries { get; }

    /// <summary>Chunks decoded and kept now (for tests).</summary>
    internal int ChunksHeld
    {
        get
        {
            lock (_lock)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>The entry of segment <paramref name="index"/> (0 ≤ index &lt; <see cref="Count"/>).</summary>
    public ValueTask<SegmentEntry> GetAsync(long index, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _whole is not null ? ValueTask.FromResult(_whole[(int)index]) : GetChunkedAsync(index, cancellationToken);
    }

    /// <summary>Every entry, in order (fetching chunks <see cref="ParallelChunkFetches"/> at a time; none is kept).</summary>
    public async Task<IReadOnlyList<SegmentEntry>> LoadAllAsync(CancellationToken cancellationToken)
    {
        if (_whole is not null)
        {
            return _whole;
        }

        var tables = new List<SegmentEntry>[_chunks.Count];
        await Parallel.ForAsync(0, _chunks.Count, new ParallelOptions { MaxDegreeOfParallelism = ParallelChunkFetches, CancellationToken = cancellationToken }, async (i, token) =>
        {
            Task<List<SegmentEntry>>? held;
            lock (_lock)
            {
                _held.TryGetValue(i, out held);
            }

            tables[i] = held is { IsCompletedSuccessfully: true }
                ? await held.ConfigureAwait(false)
                : await _fetch!(_chunks[i]).WaitAsync(token).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return [.. tables.SelectMany(t => t)];
    }

    private async ValueTask<SegmentEntry> GetChunkedAsync(long index, CancellationToken cancellationToken)
    {
        int chunk = ChunkOf(index);
        List<SegmentEntry> entries = await Load(chunk).WaitAsync(cancellationToken).ConfigureAwait(false);
        return entries[(int)(index - _chunks[chunk].FirstSegment)];
    }

    /// <summary>The chunk's fetch, started once and shared; a failed or cancelled one is started again by the next reader.</summary>
    private Task<List<SegmentEntry>> Load(int chunk)
    {
        lock (_lock)
        {
            if (_held.TryGetValue(chunk, out Task<List<SegmentEntry>>? task) && !task.IsFaulted && !task.IsCanceled)
            {
                return task;
            }

            bool known = task is not null;
            task = _fetch!(_chunks[chunk]);
            _held[chunk] = task;
            if (!known)
            {
                _order.Enqueue(chunk);
                while (_order.Count > ChunksKept)
                {
                    _held.Remove(_order.Dequeue());
                }
            }

            return task;
        }
    }

    /// <summary>The chunk holding segment <paramref name="index"/> (the references are contiguous, checked by the decoder).</summary>
    private int ChunkOf(long index)
    {
        int low = 0;
        int high = _chunks.Count - 1;
        while (low < high)
        {
            int middle = (low + high + 1) / 2;
            if (_chunks[middle].FirstSegment <= index)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return low;
    }
}
