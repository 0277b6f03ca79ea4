using System.Text;
using Zhtp.Storage.Content.Search;
using Zhtp.Storage.Types;
using static Zhtp.Storage.Content.Tests.Search.SearchEntries;

namespace Zhtp.Storage.Content.Tests.Search;

public sealed class KeywordMessagesTests
{
    /// <summary>The largest metadata the manifest allows: every field at its limit, multi-byte characters.</summary>
    internal static ContentIndexEntry Largest(string keywordTag) => Entry(7, "holiday " + new string('é', 247), contentType: "text/" + new string('x', 250), owner: OwnerB) with
    {
        Metadata = new ContentMetadata
        {
            Filename = "holiday " + new string('é', 247),
            ContentType = "text/" + new string('x', 250),
            Description = new string('€', 4096),
            Tags = [.. Enumerable.Range(0, 31).Select(i => $"tag{i:00}-" + new string('t', 58)), keywordTag],
            Access = AccessLevel.Public,
        },
    };

    [Fact]
    public void Announce_RoundTrip_KeepsEveryAnnouncedField()
    {
        ContentIndexEntry entry = Entry(3, "song.mp3", ["Rock", "live"], "a description", "audio/mpeg", OwnerB, version: 9) with
        {
            Metadata = new ContentMetadata
            {
                Filename = "song.mp3",
                Tags = ["Rock", "live"],
                Description = "a description",
                ContentType = "audio/mpeg",
                Tier = StorageTier.Hot,
                AccessPattern = ContentAccessPattern.Frequent,
                Replication = 7,
                Access = AccessLevel.Public,
            },
        };

        byte[] payload = KeywordMessages.Announce(Keywords.KeyOf("song"), entry);

        Assert.True(KeywordMessages.TryReadRequest(payload, out byte kind, out DhtKey key, out ContentIndexEntry? read, out _));
        Assert.Equal(KeywordMessages.AnnounceKind, kind);
        Assert.Equal(Keywords.KeyOf("song"), key);
        Assert.Equal(entry with { Metadata = read!.Metadata }, read);
        Assert.Equal(entry.Metadata.Tags, read.Metadata.Tags);
        Assert.Equal(entry.Metadata with { Tags = read.Metadata.Tags }, read.Metadata);
    }

    [Fact]
    public void Announce_NonHexOwner_SentAsString()
    {
        ContentIndexEntry entry = Entry(1, "a.txt", owner: "not-a-hex-owner");

        Assert.True(KeywordMessages.TryReadRequest(KeywordMessages.Announce(Keywords.KeyOf("txt"), entry), out _, out _, out ContentIndexEntry? read, out _));
        Assert.Equal("not-a-hex-owner", read!.Owner);
    }

    [Theory]
    [InlineData(1100)]
    [InlineData(900)]
    [InlineData(600)]
    [InlineData(400)]
    public void FitAnnouncement_LargestMetadata_FitsAndKeepsTheKeyword(int maxBytes)
    {
        ContentIndexEntry entry = Largest("needle");
        Assert.True(KeywordMessages.Announce(Keywords.KeyOf("needle"), entry).Length > 10_000);

        foreach (string keyword in (string[])["needle", "holiday"])
        {
            byte[]? payload = KeywordMessages.FitAnnouncement(keyword, entry, maxBytes);

            Assert.NotNull(payload);
            Assert.InRange(payload.Length, maxBytes - 8, maxBytes);
            Assert.True(KeywordMessages.TryReadRequest(payload, out _, out DhtKey key, out ContentIndexEntry? read, out _));
            Assert.Equal(Keywords.KeyOf(keyword), key);
            Assert.True(Keywords.IsKeywordOf(key, read!.Metadata));
            Assert.Equal(entry.Id, read.Id);
        }
    }

    [Fact]
    public void FitAnnouncement_SmallEntry_SentWhole()
    {
        ContentIndexEntry entry = Entry(1, "holiday.jpg", ["sea"], "short");

        byte[]? payload = KeywordMessages.FitAnnouncement("sea", entry, 1100);

        Assert.Equal(KeywordMessages.Announce(Keywords.KeyOf("sea"), entry), payload);
    }

    [Fact]
    public void FitAnnouncement_KeywordCannotSurvive_Null()
    {
        ContentIndexEntry entry = Entry(1, new string('a', 200) + " holiday");

        Assert.Null(KeywordMessages.FitAnnouncement("holiday", entry, 150));
    }

    [Fact]
    public void QueryReply_ManyEntries_FitsAndReportsNextOffset()
    {
        List<ContentIndexEntry> entries = Enumerable.Range(0, 50).Select(n => Entry(n, $"file{n}.txt", ["batch"], new string('d', 100))).ToList();

        byte[] reply = KeywordMessages.QueryReply(entries, 10, 60, 1100);

        Assert.InRange(reply.Length, 1, 1100);
        Assert.True(KeywordMessages.TryReadQueryReply(reply, out int total, out int next, out IReadOnlyList<ContentIndexEntry> read));
        Assert.Equal(60, total);
        Assert.InRange(read.Count, 2, 20);
        Assert.Equal(10 + read.Count, next);
        Assert.Equal(entries.Take(read.Count).Select(e => e.Id), read.Select(e => e.Id));
    }

    [Fact]
    public void TryRead_RandomAndMutatedBytes_NeverThrow()
    {
        var random = new Random(1234);
        byte[] valid = KeywordMessages.Announce(Keywords.KeyOf("sea"), Entry(1, "sea.jpg", ["sea"], "blue"));
        byte[] reply = KeywordMessages.QueryReply([Entry(1, "sea.jpg", ["sea"])], 0, 1, 1100);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++)
        {
            byte[] input = (i % 3) switch
            {
                0 => RandomBytes(random, random.Next(0, 64)),
                1 => Mutate(random, valid),
                _ => Mutate(random, reply),
            };

            accepted += KeywordMessages.TryReadRequest(input, out _, out _, out _, out _) ? 1 : 0;
            KeywordMessages.TryReadQueryReply(input, out _, out _, out _);
            KeywordMessages.TryReadStatus(input, out _);
        }

        Assert.InRange(accepted, 1, 19_999);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x93, 0x01 })]
    [InlineData(new byte[] { 0x93, 0x07, 0xc4, 0x20 })]
    [InlineData(new byte[] { 0xdd, 0x7f, 0xff, 0xff, 0xff })]
    [InlineData(new byte[] { 0x93, 0x02, 0xc4, 0x01, 0x00, 0x00 })]
    public void TryReadRequest_Malformed_False(byte[] payload) =>
        Assert.False(KeywordMessages.TryReadRequest(payload, out _, out _, out _, out _));

    [Fact]
    public void TryReadRequest_NegativeOffsetOrTrailingBytes_False()
    {
        byte[] query = KeywordMessages.Query(Keywords.KeyOf("x"), -1);
        byte[] valid = KeywordMessages.Query(Keywords.KeyOf("x"), 3);

        Assert.False(KeywordMessages.TryReadRequest(query, out _, out _, out _, out _));
        Assert.True(KeywordMessages.TryReadRequest(valid, out _, out _, out _, out int offset));
        Assert.Equal(3, offset);
        Assert.False(KeywordMessages.TryReadRequest([.. valid, 0xc0], out _, out _, out _, out _));
    }

    [Fact]
    public void TryReadRequest_MetadataOverLimits_False()
    {
        ContentIndexEntry tooManyTags = Entry(1, "a.txt", [.. Enumerable.Range(0, 33).Select(i => "t" + i)]);
        ContentIndexEntry longName = Entry(2, new string('n', 300));

        Assert.False(KeywordMessages.TryReadRequest(KeywordMessages.Announce(Keywords.KeyOf("t1"), tooManyTags), out _, out _, out _, out _));
        Assert.False(KeywordMessages.TryReadRequest(KeywordMessages.Announce(Keywords.KeyOf("nnn"), longName), out _, out _, out _, out _));
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] source)
    {
        byte[] bytes = source.ToArray();
        if (random.Next(4) == 0)
        {
            return bytes[..random.Next(bytes.Length)];
        }

        int flips = random.Next(1, 4);
        for (int i = 0; i < flips; i++)
        {
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        }

        return bytes;
    }
}
