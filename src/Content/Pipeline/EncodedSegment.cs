using System.Buffers;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Pipeline;

/// <summary>
/// One segment after compression, sealing and Reed-Solomon: k + m shards of <see cref="ShardLength"/>
/// bytes laid end to end in a pooled stripe (data shards first), and each shard's key. Dispose returns the stripe.
/// </summary>
internal sealed class EncodedSegment : IDisposable
{
    private byte[]? _stripe;

    public EncodedSegment(byte[] stripe, int shardLength, int storedLength, int sealedLength, bool compressed, DhtKey[] keys)
    {
        _stripe = stripe;
        ShardLength = shardLength;
        StoredLength = storedLength;
        SealedLength = sealedLength;
        Compressed = compressed;
        Keys = keys;
    }

    public int ShardLength { get; }

    public int StoredLength { get; }

    public int SealedLength { get; }

    public bool Compressed { get; }

    public DhtKey[] Keys { get; }

    public ReadOnlyMemory<byte> Shard(int index) =>
        (_stripe ?? throw new ObjectDisposedException(nameof(EncodedSegment))).AsMemory(index * ShardLength, ShardLength);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stripe, null) is { } stripe)
        {
            SegmentPool.Instance.Return(stripe);
        }
    }
}
