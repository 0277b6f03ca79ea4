using Zhtp.Storage.Content.Search;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;
using static Zhtp.Storage.Content.Tests.Search.SearchEntries;

namespace Zhtp.Storage.Content.Tests.Search;

public sealed class KeywordDirectoryTests
{
    [Fact(Timeout = 120_000)]
    public async Task AnnounceAsync_ThenQueryFromAnotherNode_FindsItByFilenameWordAndTag()
    {
        await using KeywordCluster cluster = await KeywordCluster.StartAsync(10);
        ContentIndexEntry entry = Entry(1, "Holiday Photos.zip", ["Travel"], "Pictures from the coast", "application/zip", OwnerB, version: 3);

        int accepted = await cluster.RunAsync(() => cluster.Directories[0].AnnounceAsync(entry));
        IReadOnlyList<ContentSearchHit> byWord = await cluster.RunAsync(() => cluster.Directories[7].QueryAsync("HOLIDAY"));
        IReadOnlyList<ContentSearchHit> byTag = await cluster.RunAsync(() => cluster.Directories[4].QueryAsync("travel"));
        IReadOnlyList<ContentSearchHit> unknown = await cluster.RunAsync(() => cluster.Directories[7].QueryAsync("mountains"));

        Assert.Equal(4 * 3, accepted); // holiday, photos, zip, travel: three nodes each
        Assert.Equal(12, cluster.TotalHeld);
        ContentSearchHit hit = Assert.Single(byWord);
        Assert.True(hit.FromNetwork);
        Assert.Equal(entry.ToHit(fromNetwork: true), hit with { Metadata = entry.Metadata });
        Assert.Equal(["Travel"], hit.Metadata.Tags);
        Assert.Equal("Pictures from the coast", hit.Metadata.Description);
        Assert.Equal(entry.Id, Assert.Single(byTag).Id);
        Assert.Empty(unknown);
    }

    [Fact(Timeout = 120_000)]
    public async Task QueryAsync_SameIdAnnouncedTwice_ReturnsHighestVersionOnce()
    {
        await using KeywordCluster cluster = await KeywordCluster.StartAsync(10);
        await cluster.RunAsync(() => cluster.Directories[1].AnnounceAsync(Entry(1, "report.pdf", version: 1)));
        await cluster.RunAsync(() => cluster.Directories[2].AnnounceAsync(Entry(1, "report.pdf", version: 2)));
        await cluster.RunAsync(() => cluster.Directories[3].AnnounceAsync(Entry(2, "report.pdf", version: 1)));

        IReadOnlyList<ContentSearchHit> hits = await cluster.RunAsync(() => cluster.Directories[9].QueryAsync("report"));

        Assert.Equal(2, hits.Count);
        Assert.Equal(2UL, hits.Single(h => h.Id == Id(1)).Version);
    }

    [Fact(Timeout = 120_000)]
    public async Task QueryAsync_AfterTtl_FindsNothing_BeforeTtl_StillFound()
    {
        var options = new KeywordDirectoryOptions { AnnouncementTtl = TimeSpan.FromHours(24) };
        await using KeywordCluster cluster = await KeywordCluster.StartAsync(10, options);
        await cluster.RunAsync(() => cluster.Directories[0].AnnounceAsync(Entry(1, "ephemeral.txt")));

        await cluster.Clock.AdvanceAsync(TimeSpan.FromHours(23));
        IReadOnlyList<ContentSearchHit> before = await cluster.RunAsync(() => cluster.Directories[5].QueryAsync("ephemeral"));
        await cluster.Clock.AdvanceAsync(TimeSpan.FromHours(1));
        IReadOnlyList<ContentSearchHit> after = await cluster.RunAsync(() => cluster.Directories[5].QueryAsync("ephemeral"));

        Assert.Single(before);
        Assert.Empty(after);
    }

    [Fact(Timeout = 120_000)]
    public async Task HandleRequest_MalformedPayloads_DroppedCountedAndNothingStored()
    {
        await using KeywordCluster cluster = await KeywordCluster.StartAsync(10);
        IDhtNode sender = cluster.Nodes[0];
        Contact target = cluster.Nodes[6].Self;
        byte[] valid = KeywordMessages.Announce(Keywords.KeyOf("sea"), Entry(1, "sea.jpg"));
        byte[][] garbage =
        [
            [],
            [0xc1],
            [0x93, 0x01],
            [0x93, 0x09, 0xc4, 0x20, .. new byte[32]],
            [0xdd, 0x7f, 0xff, 0xff, 0xff],
            valid[..^3],
            [.. valid, 0x00],
            KeywordMessages.Announce(Keywords.KeyOf("unrelated"), Entry(1, "sea.jpg")),
            KeywordMessages.Announce(Keywords.KeyOf("sea"), Entry(1, "sea.jpg") with { Metadata = new ContentMetadata { Filename = "sea.jpg", Replication = 99 } }),
        ];

        var statuses = new List<KeywordStatus>();
        foreach (byte[] payload in garbage)
        {
            AppResponse response = await cluster.RunAsync(() => sender.SendRequestAsync(target, KeywordDirectory.Protocol, payload));
            Assert.True(response.Success, $"reply error {response.Error}: {response.Message}");
            Assert.True(KeywordMessages.TryReadStatus(response.Payload.Span, out KeywordStatus status));
            statuses.Add(status);
        }

        AppResponse good = await cluster.RunAsync(() => sender.SendRequestAsync(target, KeywordDirectory.Protocol, valid));

        Assert.Equal(garbage.Length, cluster.Directories[6].DroppedRequests);
        Assert.DoesNotContain(KeywordStatus.Ok, statuses);
        Assert.Equal(KeywordStatus.NotAKeyword, statuses[7]);
        Assert.True(KeywordMessages.TryReadStatus(good.Payload.Span, out KeywordStatus goodStatus));
        Assert.Equal(KeywordStatus.Ok, goodStatus);
        Assert.Equal(1, cluster.Directories[6].HeldAnnouncements);
        Assert.Equal(1, cluster.Directories[6].AcceptedAnnouncements);
    }

    [Fact(Timeout = 120_000)]
    public async Task AnnounceAsync_LargestMetadata_FitsADatagramAndIsFound()
    {
        await using KeywordCluster cluster = await KeywordCluster.StartAsync(10);
        ContentIndexEntry entry = KeywordMessagesTests.Largest("needle");
        int maxPayload = cluster.Nodes[0].MaxPayloadSize;
        Assert.InRange(maxPayload, 200, 1400);

        int accepted = await cluster.RunAsync(() => cluster.Directories[0].AnnounceAsync(entry));
        IReadOnlyList<ContentSearchHit> hits = await cluster.RunAsync(() => cluster.Directories[8].QueryAsync("needle"));

        Assert.Equal(3 * 34, accepted); // "holiday", the 64-letter "ééé…" word and 32 tags, three nodes each
        ContentSearchHit hit = Assert.Single(hits);
        Assert.Contains("needle", hit.Metadata.Tags);
        Assert.True(hit.Metadata.Description.Length < entry.Metadata.Description.Length);
        Assert.True(KeywordMessages.Announce(Keywords.KeyOf("needle"), new ContentIndexEntry(hit.Id, hit.Version, hit.Metadata, hit.Owner, hit.Size, hit.Created)).Length <= maxPayload);
    }

    [Fact(Timeout = 120_000)]
    public async Task QueryAsync_MoreAnnouncementsThanOneDatagram_PagesThroughAll()
    {
        await using KeywordCluster cluster = await KeywordCluster.StartAsync(10);
        for (int n = 0; n < 40; n++)
        {
            int id = n;
            await cluster.RunAsync(() => cluster.Directories[id % 10].AnnounceAsync(Entry(id, "dataset", description: new string('d', 150))));
        }

        IReadOnlyList<ContentSearchHit> hits = await cluster.RunAsync(() => cluster.Directories[3].QueryAsync("dataset"));

        Assert.Equal(Enumerable.Range(0, 40).Select(Id).ToHashSet(), hits.Select(h => h.Id).ToHashSet());
    }

    [Fact]
    public async Task AnnounceAsync_PrivateContent_Refused()
    {
        await using KeywordCluster cluster = await KeywordCluster.StartAsync(3);

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => cluster.Directories[0].AnnounceAsync(Entry(1, "secret.txt", access: AccessLevel.Private)));

        Assert.Contains("public", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, cluster.TotalHeld);
    }

    [Fact]
    public async Task Constructor_BadOptions_ThrowsNamingTheOption()
    {
        await using KeywordCluster cluster = await KeywordCluster.StartAsync(2);

        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new KeywordDirectory(cluster.Nodes[0], cluster.Time, new KeywordDirectoryOptions { MaxPerKeyword = 0 }));

        Assert.Contains("MaxPerKeyword", error.Message, StringComparison.Ordinal);
    }
}
