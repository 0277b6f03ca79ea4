using Zhtp.Storage.Content.Search;
using Zhtp.Storage.Types;
using static Zhtp.Storage.Content.Tests.Search.SearchEntries;

namespace Zhtp.Storage.Content.Tests.Search;

/// <summary>Behaviour every <see cref="IContentIndex"/> shares; run against each implementation.</summary>
public abstract class ContentIndexContractTests
{
    private protected abstract IContentIndex CreateIndex();

    private static async Task<List<int>> IdsOf(IContentIndex index, ContentSearchQuery query)
    {
        IReadOnlyList<ContentSearchHit> hits = await index.SearchAsync(query);
        return hits.Select(h => Enumerable.Range(0, 1000).First(n => Id(n) == h.Id)).ToList();
    }

    [Fact]
    public async Task UpsertAsync_ThenSearchByWord_ReturnsEntryWithAllFields()
    {
        await using IContentIndex index = CreateIndex();
        var metadata = new ContentMetadata
        {
            Filename = "Holiday Photos 2025.zip",
            ContentType = "application/zip",
            Tags = ["Travel", "family"],
            Description = "Pictures from the coast",
            Tier = StorageTier.Cold,
            AccessPattern = ContentAccessPattern.Rare,
            Replication = 5,
            Access = AccessLevel.Restricted,
            Expires = Epoch.AddDays(30),
        };
        var entry = new ContentIndexEntry(Id(1), 7, metadata, OwnerA, 123_456, Epoch.AddHours(2));
        await index.UpsertAsync(entry);

        IReadOnlyList<ContentSearchHit> hits = await index.SearchAsync(new ContentSearchQuery { Text = "holiday" });

        ContentSearchHit hit = Assert.Single(hits);
        Assert.Equal(entry.ToHit(fromNetwork: false), hit with { Metadata = metadata });
        Assert.Equal(metadata.Tags, hit.Metadata.Tags);
        Assert.Equal(metadata with { Tags = hit.Metadata.Tags }, hit.Metadata);
        Assert.False(hit.FromNetwork);
        Assert.Equal(1, await index.CountAsync());
    }

    [Theory]
    [InlineData("coast", true)]
    [InlineData("COAST pictures", true)]
    [InlineData("pict", true)]
    [InlineData("pict coast", false)]
    [InlineData("travel", true)]
    [InlineData("zip", true)]
    [InlineData("holiday mountains", false)]
    [InlineData("unrelated", false)]
    public async Task SearchAsync_Text_MatchesEveryWordOverAllFields(string text, bool found)
    {
        await using IContentIndex index = CreateIndex();
        await index.UpsertAsync(Entry(1, "holiday.jpg", ["travel"], "Pictures from the coast", "application/zip"));
        await index.UpsertAsync(Entry(2, "report.pdf", ["work"], "Quarterly numbers", "application/pdf"));

        Assert.Equal(found ? [1] : [], await IdsOf(index, new ContentSearchQuery { Text = text }));
    }

    [Fact]
    public async Task SearchAsync_Text_FoldsCaseAndDiacritics()
    {
        await using IContentIndex index = CreateIndex();
        await index.UpsertAsync(Entry(1, "Café menu.txt"));

        Assert.Equal([1], await IdsOf(index, new ContentSearchQuery { Text = "CAFE" }));
        Assert.Equal([1], await IdsOf(index, new ContentSearchQuery { Text = "café" }));
    }

    [Fact]
    public async Task UpsertAsync_NewerVersion_ReplacesOlderAndItsWords()
    {
        await using IContentIndex index = CreateIndex();
        await index.UpsertAsync(Entry(1, "draft.txt", ["old"], version: 1));
        await index.UpsertAsync(Entry(1, "final.txt", ["new"], version: 2));

        Assert.Equal(1, await index.CountAsync());
        Assert.Empty(await index.SearchAsync(new ContentSearchQuery { Text = "draft" }));
        Assert.Empty(await index.SearchAsync(new ContentSearchQuery { Tag = "old" }));
        ContentSearchHit hit = Assert.Single(await index.SearchAsync(new ContentSearchQuery { Tag = "new" }));
        Assert.Equal(2UL, hit.Version);
        Assert.Equal("final.txt", hit.Metadata.Filename);
    }

    [Fact]
    public async Task UpsertAsync_OlderVersion_IsIgnored()
    {
        await using IContentIndex index = CreateIndex();
        await index.UpsertAsync(Entry(1, "final.txt", version: 5));
        await index.UpsertAsync(Entry(1, "stale.txt", version: 4));

        ContentSearchHit hit = Assert.Single(await index.SearchAsync(new ContentSearchQuery { Owner = OwnerA }));
        Assert.Equal(5UL, hit.Version);
        Assert.Empty(await index.SearchAsync(new ContentSearchQuery { Text = "stale" }));
    }

    [Fact]
    public async Task RemoveAsync_EntryGoneFromEverySearch()
    {
        await using IContentIndex index = CreateIndex();
        await index.UpsertAsync(Entry(1, "secret plan.txt", ["plans"], "world domination", "text/plain"));
        await index.UpsertAsync(Entry(2, "other.txt", contentType: "text/plain"));

        await index.RemoveAsync(Id(1));
        await index.RemoveAsync(Id(99));

        Assert.Equal(1, await index.CountAsync());
        Assert.Empty(await index.SearchAsync(new ContentSearchQuery { Text = "domination" }));
        Assert.Empty(await index.SearchAsync(new ContentSearchQuery { Tag = "plans" }));
        Assert.Equal([2], await IdsOf(index, new ContentSearchQuery { ContentType = "text/plain" }));
    }

    [Fact]
    public async Task SearchAsync_Tag_IsExactAndCaseInsensitiveNeverSubstring()
    {
        await using IContentIndex index = CreateIndex();
        await index.UpsertAsync(Entry(1, "a", ["Music"]));
        await index.UpsertAsync(Entry(2, "b", ["musical"]));
        await index.UpsertAsync(Entry(3, "c", ["world music"]));

        Assert.Equal([1], await IdsOf(index, new ContentSearchQuery { Tag = "music" }));
        Assert.Equal([1], await IdsOf(index, new ContentSearchQuery { Tag = " MUSIC " }));
        Assert.Equal([3], await IdsOf(index, new ContentSearchQuery { Tag = "World Music" }));
        Assert.Empty(await index.SearchAsync(new ContentSearchQuery { Tag = "mus" }));
        Assert.Empty(await index.SearchAsync(new ContentSearchQuery { Tag = "%" }));
    }

    [Fact]
    public async Task SearchAsync_Owner_ReturnsOnlyThatOwnersEntries()
    {
        await using IContentIndex index = CreateIndex();
        await index.UpsertAsync(Entry(1, "a", owner: OwnerA));
        await index.UpsertAsync(Entry(2, "b", owner: OwnerB));
        await index.UpsertAsync(Entry(3, "c", owner: OwnerB));

        Assert.Equal([3, 2], await IdsOf(index, new ContentSearchQuery { Owner = OwnerB.ToUpperInvariant() }));
    }

    [Fact]
    public async Task SearchAsync_ContentType_ExactOrPrefix()
    {
        await using IContentIndex index = CreateIndex();
        await index.UpsertAsync(Entry(1, "a", contentType: "text/plain"));
        await index.UpsertAsync(Entry(2, "b", contentType: "Text/HTML; charset=utf-8"));
        await index.UpsertAsync(Entry(3, "c", contentType: "image/png"));
        await index.UpsertAsync(Entry(4, "d", contentType: "textual/odd"));

        Assert.Equal([1], await IdsOf(index, new ContentSearchQuery { ContentType = "text/plain" }));
        Assert.Equal([2], await IdsOf(index, new ContentSearchQuery { ContentType = "text/html" }));
        Assert.Equal([2, 1], await IdsOf(index, new ContentSearchQuery { ContentType = "text/" }));
        Assert.Equal([2, 1], await IdsOf(index, new ContentSearchQuery { ContentType = "TEXT/*" }));
        Assert.Empty(await index.SearchAsync(new ContentSearchQuery { ContentType = "text" }));
    }

    [Fact]
    public async Task SearchAsync_SeveralCriteria_AllMustMatch()
    {
        await using IContentIndex index = CreateIndex();
        await index.UpsertAsync(Entry(1, "notes.txt", ["work"], contentType: "text/plain", owner: OwnerA));
        await index.UpsertAsync(Entry(2, "notes.md", ["work"], contentType: "text/markdown", owner: OwnerB));
        await index.UpsertAsync(Entry(3, "notes.pdf", ["home"], contentType: "application/pdf", owner: OwnerB));
        await index.UpsertAsync(Entry(4, "photo.png", ["work"], contentType: "image/png", owner: OwnerB));

        Assert.Equal([2], await IdsOf(index, new ContentSearchQuery { Text = "notes", Tag = "work", Owner = OwnerB, ContentType = "text/" }));
        Assert.Equal([4, 2], await IdsOf(index, new ContentSearchQuery { Tag = "work", Owner = OwnerB }));
    }

    [Fact]
    public async Task SearchAsync_SkipTake_PagesThroughNewestFirst()
    {
        await using IContentIndex index = CreateIndex();
        for (int n = 0; n < 25; n++)
        {
            await index.UpsertAsync(Entry(n, $"file{n}.bin", ["batch"]));
        }

        var seen = new List<int>();
        for (int skip = 0; skip < 30; skip += 10)
        {
            seen.AddRange(await IdsOf(index, new ContentSearchQuery { Tag = "batch", Skip = skip, Take = 10 }));
        }

        Assert.Equal(Enumerable.Range(0, 25).Reverse(), seen);
        Assert.Empty(await index.SearchAsync(new ContentSearchQuery { Tag = "batch", Skip = 25, Take = 10 }));
    }

    [Fact]
    public async Task SearchAsync_Text_RanksFilenameMatchAboveDescriptionMatch()
    {
        await using IContentIndex index = CreateIndex();
        await index.UpsertAsync(Entry(1, "misc.txt", description: "some notes about a budget and other things to do this year"));
        await index.UpsertAsync(Entry(2, "budget.xlsx", description: "numbers"));
        await index.UpsertAsync(Entry(3, "unrelated.txt", description: "nothing here"));

        Assert.Equal([2, 1], await IdsOf(index, new ContentSearchQuery { Text = "budget" }));
    }

    [Fact]
    public async Task SearchAsync_Text_RanksMoreOccurrencesHigher()
    {
        await using IContentIndex index = CreateIndex();
        await index.UpsertAsync(Entry(1, "a.txt", description: "kademlia once, then many other words that dilute it entirely"));
        await index.UpsertAsync(Entry(2, "b.txt", description: "kademlia kademlia kademlia"));

        Assert.Equal([2, 1], await IdsOf(index, new ContentSearchQuery { Text = "kademlia" }));
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("\"\"\"")]
    [InlineData("*")]
    [InlineData("report*")]
    [InlineData("NEAR(")]
    [InlineData("NEAR(report notes, 2)")]
    [InlineData("OR")]
    [InlineData("report OR")]
    [InlineData("AND NOT report")]
    [InlineData("filename:report")]
    [InlineData("{filename}: report")]
    [InlineData("^report")]
    [InlineData("report -notes +x")]
    [InlineData("'); DROP TABLE entries; --")]
    [InlineData("\0\u001f\uD800")]
    [InlineData("(((((")]
    public async Task SearchAsync_HostileText_NeverThrowsAndTreatsOperatorsAsWords(string text)
    {
        await using IContentIndex index = CreateIndex();
        await index.UpsertAsync(Entry(1, "report notes.txt"));
        await index.UpsertAsync(Entry(2, "or near and not.txt"));

        IReadOnlyList<ContentSearchHit> hits = await index.SearchAsync(new ContentSearchQuery { Text = text });

        Assert.Equal(2, await index.CountAsync());
        foreach (ContentSearchHit hit in hits)
        {
            // Every hit contains every word of the text: operators were matched as words, not run.
            IEnumerable<string> words = SearchText.Words(hit.Metadata.Filename).ToList();
            Assert.All(SearchText.Words(text).SkipLast(1), w => Assert.Contains(w, words));
        }
    }

    [Fact]
    public async Task SearchAsync_OperatorWords_MatchLiterally()
    {
        await using IContentIndex index = CreateIndex();
        await index.UpsertAsync(Entry(1, "report.txt"));
        await index.UpsertAsync(Entry(2, "or near and not.txt"));

        Assert.Equal([2], await IdsOf(index, new ContentSearchQuery { Text = "OR" }));
        Assert.Empty(await index.SearchAsync(new ContentSearchQuery { Text = "report OR notes" }));
        Assert.Empty(await index.SearchAsync(new ContentSearchQuery { Text = "NOT report" }));
        Assert.Empty(await index.SearchAsync(new ContentSearchQuery { Text = "\"" }));
    }

    [Fact]
    public async Task SearchAsync_NoCriterion_ThrowsArgumentExceptionNamingTheCriteria()
    {
        await using IContentIndex index = CreateIndex();

        ArgumentException empty = await Assert.ThrowsAsync<ArgumentException>(() => index.SearchAsync(new ContentSearchQuery()).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => index.SearchAsync(new ContentSearchQuery { Text = "  ", Tag = "", IncludeNetwork = true }).AsTask());

        Assert.Contains("Text", empty.Message, StringComparison.Ordinal);
        Assert.Contains("Tag", empty.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 1001)]
    [InlineData(0, -1)]
    [InlineData(-1, 10)]
    public async Task SearchAsync_SkipOrTakeOutOfRange_Throws(int skip, int take)
    {
        await using IContentIndex index = CreateIndex();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => index.SearchAsync(new ContentSearchQuery { Tag = "x", Skip = skip, Take = take }).AsTask());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    public async Task SearchAsync_TakeAtBounds_Accepted(int take)
    {
        await using IContentIndex index = CreateIndex();
        await index.UpsertAsync(Entry(1, "a", ["x"]));
        await index.UpsertAsync(Entry(2, "b", ["x"]));

        Assert.Equal(Math.Min(take, 2), (await index.SearchAsync(new ContentSearchQuery { Tag = "x", Take = take })).Count);
    }

    [Fact]
    public async Task DisposeAsync_ThenUse_ThrowsObjectDisposed()
    {
        IContentIndex index = CreateIndex();
        await index.DisposeAsync();
        await index.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => index.CountAsync().AsTask());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => index.UpsertAsync(Entry(1, "a")).AsTask());
    }
}

/// <summary>The contract suite on the in-memory index.</summary>
public sealed class InMemoryContentIndexTests : ContentIndexContractTests
{
    private protected override IContentIndex CreateIndex() => ContentIndexes.InMemory();

    [Fact]
    public async Task InMemory_TwoIndexes_AreIndependent()
    {
        await using IContentIndex first = ContentIndexes.InMemory();
        await using IContentIndex second = ContentIndexes.InMemory();
        await first.UpsertAsync(Entry(1, "a"));

        Assert.Equal(1, await first.CountAsync());
        Assert.Equal(0, await second.CountAsync());
    }
}

/// <summary>The contract suite on the SQLite file index, plus persistence.</summary>
public sealed class SqliteContentIndexTests : ContentIndexContractTests, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "zhtp-search-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private protected override IContentIndex CreateIndex() => ContentIndexes.OpenSqlite(Path.Combine(_directory, Guid.NewGuid().ToString("N")));

    [Fact]
    public async Task OpenSqlite_Reopen_KeepsEntriesTagsAndText()
    {
        await using (IContentIndex index = ContentIndexes.OpenSqlite(_directory))
        {
            await index.UpsertAsync(Entry(1, "kept.txt", ["durable"], "survives a restart", "text/plain"));
            await index.UpsertAsync(Entry(2, "removed.txt", ["durable"]));
            await index.RemoveAsync(Id(2));
        }

        Assert.True(File.Exists(Path.Combine(_directory, ContentIndexes.FileName)));
        await using IContentIndex reopened = ContentIndexes.OpenSqlite(_directory);

        Assert.Equal(1, await reopened.CountAsync());
        ContentSearchHit hit = Assert.Single(await reopened.SearchAsync(new ContentSearchQuery { Text = "restart" }));
        Assert.Equal(Id(1), hit.Id);
        Assert.Equal(["durable"], hit.Metadata.Tags);
        Assert.Single(await reopened.SearchAsync(new ContentSearchQuery { Tag = "Durable", ContentType = "text/" }));
    }

    [Fact]
    public async Task OpenSqlite_UnknownSchemaVersion_ThrowsSayingWhatToDo()
    {
        Directory.CreateDirectory(_directory);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_directory, ContentIndexes.FileName)};Pooling=False"))
        {
            connection.Open();
            using Microsoft.Data.Sqlite.SqliteCommand command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99;";
            command.ExecuteNonQuery();
        }

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => ContentIndexes.OpenSqlite(_directory));

        Assert.Contains("99", error.Message, StringComparison.Ordinal);
        Assert.Contains("rebuild", error.Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }
}
