using System.Text;
using Zhtp.Storage.Content;
using Zhtp.Storage.Unified.Tests.Support;

namespace Zhtp.Storage.Unified.Tests;

/// <summary>The facade's content lifecycle members beyond upload and download: range reads, update, versions, metadata, placement, repair, delete.</summary>
public sealed class FacadeContentLifecycleTests
{
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [Fact(Timeout = 120_000)]
    public async Task Lifecycle_RangeUpdateVersionsPlacementRepairDelete_ThroughTheFacade()
    {
        await using SystemCluster cluster = await SystemCluster.StartAsync(6, cancellationToken: Timeout);
        IUnifiedStorageSystem owner = cluster[0];
        byte[] original = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 40_000).Select(i => $"{i:D8} ")));
        ContentReceipt receipt = await owner.UploadContentAsync(new MemoryStream(original), new ContentUploadOptions
        {
            Metadata = new ContentMetadata { Filename = "numbers.txt", Tags = ["numbers"] },
        }, Timeout);

        byte[] range = new byte[1000];
        await using (Stream stream = await owner.OpenContentReadAsync(receipt.Id, cancellationToken: Timeout))
        {
            stream.Position = 123_456;
            await stream.ReadExactlyAsync(range, Timeout);
        }

        IReadOnlyList<ShardPlacement> placement = await owner.GetContentPlacementAsync(receipt.Id, cancellationToken: Timeout);
        RepairReport repair = await owner.RepairContentAsync(receipt.Id, cancellationToken: Timeout);

        // No options: the new version keeps the first one's metadata (tags) and encryption.
        ContentReceipt v2 = await owner.UpdateContentAsync(receipt.Id, new MemoryStream("two"u8.ToArray()), cancellationToken: Timeout);
        IReadOnlyList<ContentVersion> versions = await cluster[3].ListContentVersionsAsync(receipt.Id, Timeout);
        ContentLookup latest = await cluster[3].GetContentMetadataAsync(receipt.Id, cancellationToken: Timeout);
        IReadOnlyList<ContentSearchHit> hits = await owner.SearchContentAsync(new ContentSearchQuery { Tag = "numbers" }, Timeout);
        await Assert.ThrowsAsync<ContentAccessDeniedException>(() => cluster[3].DeleteContentAsync(receipt.Id, Timeout));
        await owner.DeleteContentAsync(receipt.Id, Timeout);
        ContentLookup gone = await cluster[3].GetContentMetadataAsync(receipt.Id, cancellationToken: Timeout);

        Assert.Equal(original.AsSpan(123_456, range.Length).ToArray(), range);
        Assert.Equal(receipt.Shards, placement.Count);
        Assert.Equal(0, repair.ShardsMissing);
        Assert.Equal(receipt.Shards, repair.ShardsRenewed);
        Assert.Equal(2UL, v2.Version);
        Assert.True(v2.Encrypted);
        Assert.Equal([1UL, 2UL], versions.Select(v => v.Version));
        Assert.True(latest.Found);
        Assert.Equal(3, latest.Info!.Length);
        Assert.Contains(hits, h => h.Id == receipt.Id);
        Assert.False(gone.Found);
        Assert.Equal(ContentNotFoundReason.Deleted, gone.NotFound);
    }
}
