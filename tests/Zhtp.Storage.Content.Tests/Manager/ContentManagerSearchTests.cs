using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Tests.Manager;

public sealed class ContentManagerSearchTests : IAsyncLifetime
{
    private ContentCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ContentCluster.StartAsync(8);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact(Timeout = 120_000)]
    public async Task Search_FindsOwnContentLocally_AndPublicContentFromAnotherNode_NotPrivateContent()
    {
        // Every node of a real network runs a content manager, which answers keyword requests.
        for (int i = 1; i < 8; i++)
        {
            if (i != 5)
            {
                _cluster.Manager(i, null, null);
            }
        }

        INodeSigner owner = NodeSigners.CreateEcdsaP256();
        IContentManager writer = _cluster.Manager(0, owner, ContentCluster.Secret());
        IContentManager searcher = _cluster.Manager(5, NodeSigners.CreateEcdsaP256(), ContentCluster.Secret());
        ContentReceipt open = await writer.UploadAsync(new MemoryStream(TestData.Make(5000, false, 1)), new ContentUploadOptions
        {
            Encryption = EncryptionLevel.None,
            Metadata = new ContentMetadata { Filename = "kademlia-paper.pdf", ContentType = "application/pdf", Tags = ["dht"], Access = AccessLevel.Public },
        });
        ContentReceipt secret = await writer.UploadAsync(new MemoryStream(TestData.Make(5000, false, 2)), new ContentUploadOptions
        {
            Metadata = new ContentMetadata { Filename = "kademlia-notes.txt", Tags = ["dht"], Access = AccessLevel.Private },
        });

        IReadOnlyList<ContentSearchHit> own = await writer.SearchAsync(new ContentSearchQuery { Text = "kademlia" });
        IReadOnlyList<ContentSearchHit> localElsewhere = await searcher.SearchAsync(new ContentSearchQuery { Text = "kademlia" });
        IReadOnlyList<ContentSearchHit> network = await searcher.SearchAsync(new ContentSearchQuery { Tag = "dht", IncludeNetwork = true });

        Assert.Equal(new HashSet<ContentId> { open.Id, secret.Id }, own.Select(h => h.Id).ToHashSet());
        Assert.Empty(localElsewhere);
        ContentSearchHit hit = Assert.Single(network);
        Assert.Equal(open.Id, hit.Id);
        Assert.True(hit.FromNetwork);
        Assert.Equal("kademlia-paper.pdf", hit.Metadata.Filename);

        await writer.DeleteAsync(open.Id);
        Assert.DoesNotContain(await writer.SearchAsync(new ContentSearchQuery { Text = "kademlia" }), h => h.Id == open.Id);
        Assert.Empty(await searcher.SearchAsync(new ContentSearchQuery { Tag = "dht", IncludeNetwork = true }));
    }
}
