using Zhtp.Storage.Content.Manifests;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Manager;

/// <summary>
/// Builds a version's segment table while its segments are placed, entry by entry in segment order, holding at most
/// one chunk of entries: once more than <c>perRecord</c> entries are in, the table will be a manifest of manifests, so
/// every full chunk is stored as soon as it is complete and its entries are dropped. A table of at most <c>perRecord</c>
/// entries stays inline. Also keeps what the receipt and the manifest need of every entry (count, stored bytes,
/// distinct holders, the Merkle root over the shard keys) without keeping the entries.
/// </summary>
internal sealed class SegmentTableWriter
{
    private readonly int _perRecord;
    private readonly Func<long, IReadOnlyList<SegmentEntry>, CancellationToken, Task<DhtKey>> _storeChunk;
    private readonly List<SegmentEntry> _buffered = [];
    private readonly List<ManifestChunkRef> _chunks = [];
    private readonly ShardMerkleRoot _merkle = new();
    private readonly HashSet<NodeId> _holders = [];

    /// <param name="perRecord">Entries per chunk (<c>ContentManagerOptions.SegmentsPerManifestRecord</c>).</param>
    /// <param name="storeChunk">Stores the chunk whose first segment index and entries it is given; returns the record's key.</param>
    public SegmentTableWriter(int perRecord, Func<long, IReadOnlyList<SegmentEntry>, CancellationToken, Task<DhtKey>> storeChunk)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perRecord, 1);
        _perRecord = perRecord;
        _storeChunk = storeChunk;
    }

    /// <summary>Entries added.</summary>
    public long Count { get; private set; }

    /// <summary>Shard bytes of the entries added (shard length times shards, per segment).</summary>
    public long StoredBytes { get; private set; }

    /// <summary>Distinct holders named by the entries added.</summary>
    public int Holders => _holders.Count;

    /// <summary>The Merkle root over every shard key added, in order.</summary>
    public Hash256 MerkleRoot => _merkle.Root();

    /// <summary>Adds the next segment's entry (segment <see cref="Count"/>); stores a chunk when one is complete and the table is known to need chunks.</summary>
    public async Task AddAsync(SegmentEntry entry, CancellationToken cancellationToken)
    {
        foreach (ShardEntry shard in entry.Shards)
        {
            _merkle.Add(shard.Key);
            foreach (Contact holder in shard.Holders)
            {
                _holders.Add(holder.Id);
            }
        }

        StoredBytes += (long)entry.ShardLength * entry.Shards.Count;
        Count++;
        _buffered.Add(entry);
        if (_buffered.Count > _perRecord)
        {
            await FlushAsync(_perRecord, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ends the table: the entries inline when there are at most <c>perRecord</c> of them and no chunk was stored,
    /// otherwise the last chunk is stored and every chunk is listed.
    /// </summary>
    public async Task<(IReadOnlyList<SegmentEntry> Inline, IReadOnlyList<ManifestChunkRef> Chunks)> CompleteAsync(CancellationToken cancellationToken)
    {
        if (_chunks.Count == 0)
        {
            return ([.. _buffered], []);
        }

        if (_buffered.Count > 0)
        {
            await FlushAsync(_buffered.Count, cancellationToken).ConfigureAwait(false);
        }

        return ([], [.. _chunks]);
    }

    private async Task FlushAsync(int count, CancellationToken cancellationToken)
    {
        long first = Count - _buffered.Count;
        List<SegmentEntry> part = _buffered.GetRange(0, count);
        DhtKey key = await _storeChunk(first, part, cancellationToken).ConfigureAwait(false);
        _chunks.Add(new ManifestChunkRef(key, first, count));
        _buffered.RemoveRange(0, count);
    }
}
