using Zhtp.Storage.Content.Search;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Tests.Search;

/// <summary>Builds index entries for the search tests.</summary>
internal static class SearchEntries
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly string OwnerA = new('a', 64);

    public static readonly string OwnerB = new('b', 64);

    public static ContentId Id(int n) => new(new DhtKey(Blake3Hashing.Compute(BitConverter.GetBytes(n))));

    public static ContentIndexEntry Entry(
        int n,
        string filename,
        string[]? tags = null,
        string description = "",
        string contentType = "application/octet-stream",
        string? owner = null,
        ulong version = 1,
        AccessLevel access = AccessLevel.Public) =>
        new(
            Id(n),
            version,
            new ContentMetadata { Filename = filename, Tags = tags ?? [], Description = description, ContentType = contentType, Access = access },
            owner ?? OwnerA,
            1000 + n,
            Epoch.AddMinutes(n));
}
