using Zhtp.Storage.Dht;

namespace Zhtp.Storage.Content.Tests.Manager;

public sealed class SmallNetworkTests
{
    [Fact(Timeout = 120_000)]
    public async Task FewerNodesThanShards_EveryNodeHoldsShards_AndContentRoundTrips()
    {
        await using ContentCluster cluster = await ContentCluster.StartAsync(4);
        INodeSigner owner = NodeSigners.CreateEcdsaP256();
        byte[] secret = ContentCluster.Secret();
        IContentManager manager = cluster.Manager(0, owner, secret);
        byte[] content = TestData.Make(3 * 16 * 1024, random: true, seed: 21);

        ContentReceipt receipt = await manager.UploadAsync(new MemoryStream(content));
        IReadOnlyList<ShardPlacement> placement = await manager.GetPlacementAsync(receipt.Id);
        using var copy = new MemoryStream();
        await cluster.Manager(3, owner, secret).DownloadAsync(receipt.Id, copy);

        Assert.Equal(4, receipt.Holders);
        Assert.All(placement.GroupBy(p => p.Segment), segment => Assert.Equal(4, segment.SelectMany(p => p.Holders).Distinct().Count()));
        Assert.Equal(content, copy.ToArray());
    }
}
