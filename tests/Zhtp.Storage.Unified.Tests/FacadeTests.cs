using System.Security.Cryptography;
using System.Text;
using Zhtp.Storage.Content;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Economic;
using Zhtp.Storage.Economic.Pricing;
using Zhtp.Storage.Economic.Quotes;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Cryptography;
using Zhtp.Storage.Types.Identities;
using Zhtp.Storage.Unified.Tests.Support;

namespace Zhtp.Storage.Unified.Tests;

public sealed class FacadeTests
{
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [Fact(Timeout = 120_000)]
    public async Task RoundTrip_UploadSearchDownload_AndStatsCountTheWork()
    {
        await using SystemCluster cluster = await SystemCluster.StartAsync(4, cancellationToken: Timeout);
        IUnifiedStorageSystem system = cluster[1];
        byte[] original = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("the quick brown fox jumps over the lazy dog. ", 60_000)));

        ContentReceipt receipt = await system.UploadContentAsync(new MemoryStream(original), new ContentUploadOptions
        {
            Metadata = new ContentMetadata { Filename = "fox.txt", Tags = ["animals"] },
        }, Timeout);
        var copy = new MemoryStream();
        DownloadResult result = await system.DownloadContentAsync(receipt.Id, copy, cancellationToken: Timeout);
        IReadOnlyList<ContentSearchHit> hits = await system.SearchContentAsync(new ContentSearchQuery { Tag = "animals" }, Timeout);

        Assert.Equal(original, copy.ToArray());
        Assert.True(receipt.Encrypted); // the configured default (Standard) applies when the upload names no level
        Assert.Equal(original.Length, result.BytesWritten);
        Assert.Contains(hits, h => h.Id == receipt.Id);

        UnifiedStorageStats stats = await system.GetStatisticsAsync(Timeout);
        Assert.Equal(1, stats.Storage.ContentItems);
        Assert.Equal(original.Length, stats.Storage.OriginalBytes);
        Assert.Equal(receipt.StoredBytes, stats.Storage.ShardBytes);
        Assert.Equal(receipt.Shards, stats.Storage.Shards);
        Assert.True(stats.Storage.CompressionRatio > 2, $"compressible text, ratio {stats.Storage.CompressionRatio}");
        Assert.True(stats.Dht.MessagesSent > 0);
        Assert.True(stats.Dht.MessagesReceived > 0);
        Assert.True(stats.Dht.Contacts >= 3);
        Assert.True(stats.Uptime > TimeSpan.Zero);
        Assert.Equal(0, stats.Economic.TotalContracts);

        // Another node (another identity) cannot read Private content.
        await Assert.ThrowsAsync<ContentAccessDeniedException>(() => cluster[2].DownloadContentAsync(receipt.Id, new MemoryStream(), cancellationToken: Timeout));
    }

    [Fact(Timeout = 120_000)]
    public async Task ContentFor_ActsAsAnotherIdentity_OnTheSameNode_AndCountsInTheStats()
    {
        await using SystemCluster cluster = await SystemCluster.StartAsync(4, cancellationToken: Timeout);
        IUnifiedStorageSystem system = cluster[0];
        using ZhtpIdentity alice = ZhtpIdentity.Create(new IdentityOptions());
        using ZhtpIdentity bob = ZhtpIdentity.Create(new IdentityOptions());
        IContentManager asAlice = system.ContentFor(alice);
        byte[] secret = RandomNumberGenerator.GetBytes(20_000);

        ContentReceipt receipt = await asAlice.UploadAsync(new MemoryStream(secret), new ContentUploadOptions { Encryption = EncryptionLevel.Standard }, Timeout);

        Assert.Equal([receipt.Id], system.ContentFor(alice).ListOwned()); // one manager per identity
        Assert.NotEqual(system.ContentFor(null).OwnerId, asAlice.OwnerId);
        Assert.Equal([receipt.Id], asAlice.ListOwned());
        Assert.Empty(system.ContentFor(null).ListOwned());
        await Assert.ThrowsAsync<ContentAccessDeniedException>(() => system.ContentFor(bob).OpenReadAsync(receipt.Id, cancellationToken: Timeout));
        await Assert.ThrowsAsync<ContentAccessDeniedException>(() => system.DownloadContentAsync(receipt.Id, new MemoryStream(), cancellationToken: Timeout));
        await using (Stream read = await asAlice.OpenReadAsync(receipt.Id, cancellationToken: Timeout))
        {
            ContentInfo opened = Assert.IsAssignableFrom<IOpenedContent>(read).Info; // through the counting view too
            Assert.Equal((receipt.Version, receipt.ManifestKey, receipt.Length), (opened.Version, opened.ManifestKey, opened.Length));
            var copy = new MemoryStream();
            await read.CopyToAsync(copy, Timeout);
            Assert.Equal(secret, copy.ToArray());
        }

        UnifiedStorageStats stats = await system.GetStatisticsAsync(Timeout);
        Assert.Equal(1, stats.Storage.ContentItems);
        Assert.Equal(secret.Length, stats.Storage.OriginalBytes);
        Assert.Contains(system.GetPeers(), p => p.Id == cluster[3].GetNodeInfo().NodeId);
        await asAlice.DisposeAsync(); // a view: the manager keeps working
        Assert.Single(system.ContentFor(alice).ListOwned());
    }

    [Fact(Timeout = 120_000)]
    public async Task Maintenance_RenewsOwnedContent_AndAddPeerReportsSilence()
    {
        await using SystemCluster cluster = await SystemCluster.StartAsync(3, cancellationToken: Timeout);
        ContentReceipt receipt = await cluster[0].UploadContentAsync(new MemoryStream(RandomNumberGenerator.GetBytes(200_000)), cancellationToken: Timeout);

        MaintenanceReport report = await cluster[0].PerformMaintenanceAsync(Timeout);

        RepairReport content = Assert.Single(report.Content);
        Assert.Equal(receipt.Id, content.Id);
        Assert.Equal(receipt.Shards, content.ShardsRenewed);
        Assert.Equal(0, report.ShardsRepaired);

        // A port nobody listens on: no contact, no exception.
        using var probe = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var silent = (System.Net.IPEndPoint)probe.Client.LocalEndPoint!;
        Assert.Null(await cluster[0].AddPeerAsync(silent, Timeout));
        Contact? peer = await cluster[0].AddPeerAsync(cluster[2].GetNodeInfo().EndPoint, Timeout);
        Assert.Equal(cluster[2].GetNodeInfo().NodeId, peer?.Id);

        // Its own endpoint: refused at once, not a ping that waits out the request timeout.
        ArgumentException self = await Assert.ThrowsAsync<ArgumentException>(() => cluster[0].AddPeerAsync(cluster[0].GetNodeInfo().EndPoint, Timeout));
        Assert.Contains("own endpoint", self.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Quote_IsPricedByTheEconomicLayer_AndSignedByTheNodeKey()
    {
        await using IUnifiedStorageSystem system = await UnifiedStorageSystems.StartAsync(new ZhtpStorageOptions(), cancellationToken: Timeout);
        var request = new QuoteRequest(10_000_000_000, TimeSpan.FromDays(30), StorageTier.Hot, 3);

        Quote quote = await system.GetStorageQuoteAsync(request, Timeout);

        Assert.Equal(system.GetNodeInfo().NodeId, quote.Host);
        Assert.Equal(QuoteStatus.Valid, QuoteValidator.Check(quote, system.GetConfig().Economic, NodeSigners.EcdsaP256Verifier, DateTimeOffset.UtcNow));
        Assert.True(quote.Price.Total.Tokens > 0);
        await Assert.ThrowsAsync<PricingException>(() => system.GetStorageQuoteAsync(request with { Replication = 99 }, Timeout));

        // A higher base price (changed live) gives a higher quote.
        system.UpdateConfig(system.GetConfig() with { Economic = system.GetConfig().Economic with { BasePricePerGbDay = 200m } });
        Quote dearer = await system.GetStorageQuoteAsync(request, Timeout);
        Assert.True(dearer.Price.Total > quote.Price.Total);
    }

    [Fact(Timeout = 60_000)]
    public async Task UpdateConfig_RefusesInvalidAndRestartOnlyChanges_ListingEveryField_AndAppliesLiveOnes()
    {
        await using IUnifiedStorageSystem system = await UnifiedStorageSystems.StartAsync(new ZhtpStorageOptions(), cancellationToken: Timeout);
        UnifiedStorageConfig before = system.GetConfig();

        var error = Assert.Throws<ConfigurationException>(() => system.UpdateConfig(before with
        {
            Economic = before.Economic with { BasePricePerGbDay = -1m, NetworkFeeRate = 5m },
            Content = before.Content with { MaxSegmentsInFlight = 0 },
            Dht = before.Dht with { K = 10 },
        }));

        Assert.Contains(error.Errors, e => e.StartsWith("UnifiedStorageConfig.Economic.BasePricePerGbDay:", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("UnifiedStorageConfig.Economic.NetworkFeeRate:", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("UnifiedStorageConfig.Content.MaxSegmentsInFlight:", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("UnifiedStorageConfig.Dht: cannot change while running", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("UnifiedStorageConfig.Content: only DefaultEncryption", StringComparison.Ordinal));
        Assert.Same(before, system.GetConfig());

        system.UpdateConfig(before with { Content = before.Content with { DefaultEncryption = EncryptionLevel.None } });
        Assert.Equal(EncryptionLevel.None, system.GetConfig().Content.DefaultEncryption);
        ContentReceipt receipt = await system.UploadContentAsync(new MemoryStream(new byte[5000]), cancellationToken: Timeout);
        Assert.False(receipt.Encrypted);
    }

    [Fact(Timeout = 120_000)]
    public async Task IdentityCredentials_StoredOnOneNode_AreRetrievedOnAnother()
    {
        await using SystemCluster cluster = await SystemCluster.StartAsync(3, cancellationToken: Timeout);
        using ZhtpIdentity identity = ZhtpIdentity.Create(new IdentityOptions());

        Assert.False(await cluster[2].IdentityExistsAsync(identity.Id, Timeout));
        await cluster[0].StoreIdentityCredentialsAsync(identity, "open sesame", Timeout);

        Assert.True(await cluster[2].IdentityExistsAsync(identity.Id, Timeout));
        using ZhtpIdentity restored = await cluster[2].RetrieveIdentityCredentialsAsync(identity.Id, "open sesame", Timeout);
        Assert.Equal(identity.Id, restored.Id);
        await Assert.ThrowsAsync<WrongPassphraseException>(() => cluster[1].RetrieveIdentityCredentialsAsync(identity.Id, "wrong", Timeout));
    }

    [Fact(Timeout = 60_000)]
    public async Task Operations_AfterDispose_ThrowUnifiedStorageException()
    {
        IUnifiedStorageSystem system = await UnifiedStorageSystems.StartAsync(new ZhtpStorageOptions(), cancellationToken: Timeout);
        await system.DisposeAsync();
        await system.DisposeAsync(); // idempotent

        await Assert.ThrowsAsync<UnifiedStorageException>(() => system.UploadContentAsync(new MemoryStream(new byte[10])));
        Assert.Throws<UnifiedStorageException>(() => system.GetNodeInfo());
    }
}
