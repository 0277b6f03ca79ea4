using Zhtp.Storage.Content.Manager;

namespace Zhtp.Storage.Content.Tests.Manager;

public sealed class FifoCacheTests
{
    [Fact]
    public void Capacity_EvictsTheOldestAddition()
    {
        var cache = new FifoCache<int, string>(2);
        cache.Add(1, "a");
        cache.Add(2, "b");
        cache.Add(1, "again"); // already held: neither replaced nor counted twice
        cache.Add(3, "c");

        Assert.False(cache.TryGet(1, out _));
        Assert.True(cache.TryGet(2, out string? b) && b == "b");
        Assert.True(cache.TryGet(3, out _));
        Assert.Equal(0, cache.Weight);
    }

    [Fact]
    public void Weight_EvictsTheOldest_WhileOverBudget_ButKeepsTheNewest()
    {
        var cache = new FifoCache<int, int[]>(32, maxWeight: 100, weigh: v => v.Length);
        cache.Add(1, new int[40]);
        cache.Add(2, new int[40]);
        Assert.Equal(80, cache.Weight);

        cache.Add(3, new int[30]); // 110: the oldest goes
        Assert.False(cache.TryGet(1, out _));
        Assert.True(cache.TryGet(2, out _));
        Assert.Equal(70, cache.Weight);

        cache.Add(4, new int[500]); // heavier than the budget on its own: cached alone
        Assert.False(cache.TryGet(2, out _));
        Assert.False(cache.TryGet(3, out _));
        Assert.True(cache.TryGet(4, out _));
        Assert.Equal(500, cache.Weight);

        cache.Add(5, new int[10]);
        Assert.False(cache.TryGet(4, out _));
        Assert.Equal(10, cache.Weight);
    }
}
