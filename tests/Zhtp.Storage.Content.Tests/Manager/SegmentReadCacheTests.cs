using Zhtp.Storage.Content.Manager;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Tests.Manager;

public sealed class SegmentReadCacheTests
{
    private static DhtKey Key(byte b) => new(new Hash256(Enumerable.Repeat(b, 32).ToArray()));

    /// <summary>What the content manager does on a hit: copies the cached plaintext into its own buffer.</summary>
    private static bool TryCopy(SegmentReadCache cache, DhtKey manifest, long index, byte[] destination)
    {
        if (!cache.TryGet(manifest, index, out byte[]? plain))
        {
            return false;
        }

        plain.CopyTo(destination, 0);
        return true;
    }

    [Fact]
    public void Add_OverBudget_EvictsTheLeastRecentlyUsed()
    {
        var cache = new SegmentReadCache(3 * 1000);
        byte[] buffer = new byte[1000];
        cache.Add(Key(1), 0, new byte[1000]);
        cache.Add(Key(2), 0, Enumerable.Repeat((byte)2, 1000).ToArray());
        cache.Add(Key(3), 0, new byte[1000]);
        Assert.True(TryCopy(cache, Key(1), 0, buffer)); // 1 is now the most recent: 2 goes first

        cache.Add(Key(4), 0, new byte[1000]);

        Assert.False(TryCopy(cache, Key(2), 0, buffer));
        Assert.True(TryCopy(cache, Key(1), 0, buffer));
        Assert.True(TryCopy(cache, Key(3), 0, buffer));
        Assert.True(TryCopy(cache, Key(4), 0, buffer));
    }

    [Fact]
    public void TryCopy_SameManifestOtherSegment_Misses_AndCopiesTheBytesOfItsOwn()
    {
        var cache = new SegmentReadCache(1 << 20);
        cache.Add(Key(1), 0, [1, 2, 3]);
        cache.Add(Key(1), 1, [4, 5]);
        byte[] buffer = new byte[3];

        Assert.True(TryCopy(cache, Key(1), 1, buffer));
        Assert.Equal([4, 5, 0], buffer);
        Assert.False(TryCopy(cache, Key(1), 2, buffer));
    }

    [Fact]
    public void Admits_LargeSegmentsOrNoBudget_NotCached()
    {
        Assert.False(new SegmentReadCache(0).Admits(10));
        Assert.False(new SegmentReadCache(1 << 30).Admits(SegmentReadCache.MaxEntryBytes + 1));
        Assert.True(new SegmentReadCache(1 << 30).Admits(SegmentReadCache.MaxEntryBytes));

        var cache = new SegmentReadCache(1 << 30);
        cache.Add(Key(9), 0, new byte[SegmentReadCache.MaxEntryBytes + 1]);
        Assert.False(TryCopy(cache, Key(9), 0, new byte[SegmentReadCache.MaxEntryBytes + 1]));
    }
}
