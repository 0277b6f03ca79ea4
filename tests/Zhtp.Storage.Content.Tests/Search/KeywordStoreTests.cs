using Zhtp.Storage.Content.Search;
using Zhtp.Storage.Types;
using static Zhtp.Storage.Content.Tests.Search.SearchEntries;

namespace Zhtp.Storage.Content.Tests.Search;

public sealed class KeywordStoreTests
{
    private static readonly DhtKey Music = Keywords.KeyOf("music");
    private static readonly DhtKey Video = Keywords.KeyOf("video");

    [Fact]
    public void Put_ThenGet_NewestFirst()
    {
        var store = new KeywordStore(10, 100, TimeSpan.FromHours(1));
        store.Put(Music, Entry(1, "a"), Epoch);
        store.Put(Music, Entry(2, "b"), Epoch.AddSeconds(1));

        Assert.Equal([Id(2), Id(1)], store.Get(Music, Epoch.AddSeconds(2)).Select(e => e.Id));
        Assert.Empty(store.Get(Video, Epoch));
    }

    [Fact]
    public void Put_BeyondPerKeywordCap_EvictsThatKeywordsOldest()
    {
        var store = new KeywordStore(3, 100, TimeSpan.FromHours(1));
        store.Put(Video, Entry(100, "v"), Epoch);
        for (int n = 0; n < 5; n++)
        {
            store.Put(Music, Entry(n, "m"), Epoch.AddSeconds(n + 1));
        }

        Assert.Equal([Id(4), Id(3), Id(2)], store.Get(Music, Epoch.AddSeconds(10)).Select(e => e.Id));
        Assert.Single(store.Get(Video, Epoch.AddSeconds(10)));
        Assert.Equal(4, store.Count);
    }

    [Fact]
    public void Put_BeyondTotalCap_EvictsOldestOverall()
    {
        var store = new KeywordStore(10, 3, TimeSpan.FromHours(1));
        store.Put(Video, Entry(1, "v"), Epoch);
        store.Put(Music, Entry(2, "m"), Epoch.AddSeconds(1));
        store.Put(Music, Entry(3, "m"), Epoch.AddSeconds(2));
        store.Put(Music, Entry(4, "m"), Epoch.AddSeconds(3));

        Assert.Equal(3, store.Count);
        Assert.Empty(store.Get(Video, Epoch.AddSeconds(4)));
        Assert.Equal(1, store.KeywordCount);
    }

    [Fact]
    public void Get_AfterTtl_Expired()
    {
        var store = new KeywordStore(10, 100, TimeSpan.FromHours(24));
        store.Put(Music, Entry(1, "a"), Epoch);
        store.Put(Music, Entry(2, "b"), Epoch.AddHours(1));

        Assert.Equal(2, store.Get(Music, Epoch.AddHours(24).AddTicks(-1)).Count);
        Assert.Equal([Id(2)], store.Get(Music, Epoch.AddHours(24)).Select(e => e.Id));
        Assert.Empty(store.Get(Music, Epoch.AddHours(25)));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void Put_SameIdHigherVersion_ReplacesAndRenews_LowerVersionKept()
    {
        var store = new KeywordStore(10, 100, TimeSpan.FromHours(1));
        Assert.True(store.Put(Music, Entry(1, "a", version: 2), Epoch));
        Assert.False(store.Put(Music, Entry(1, "a", version: 1), Epoch.AddMinutes(1)));
        Assert.True(store.Put(Music, Entry(1, "a", version: 3), Epoch.AddMinutes(30)));

        ContentIndexEntry held = Assert.Single(store.Get(Music, Epoch.AddMinutes(80)));
        Assert.Equal(3UL, held.Version);
        Assert.Equal(1, store.Count);
    }
}
