using Zhtp.Storage.Content.Manifests;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Tests.Manager;

public sealed class ContentManagerFailureTests : IAsyncLifetime
{
    private const int Segment = 16 * 1024;
    private ContentCluster _cluster = null!;
    private readonly INodeSigner _owner = NodeSigners.CreateEcdsaP256();
    private readonly byte[] _secret = ContentCluster.Secret();

    public async Task InitializeAsync() => _cluster = await ContentCluster.StartAsync(8);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact(Timeout = 120_000)]
    public async Task TwoHoldersOfEverySegmentStopped_ContentComesBackBitExact()
    {
        byte[] content = TestData.Make(6 * Segment, random: true, seed: 11);
        ContentReceipt receipt = await _cluster.Manager(0, _owner, _secret).UploadAsync(new MemoryStream(content));
        Manifest manifest = await ManifestOfAsync(receipt, 0);
        int[] victims = HolderIndices(manifest).Where(i => i is not (0 or 7)).Take(2).ToArray();
        foreach (int victim in victims)
        {
            await _cluster.StopAsync(victim);
        }

        using var copy = new MemoryStream();
        DownloadResult result = await _cluster.Manager(7, _owner, _secret).DownloadAsync(receipt.Id, copy);

        Assert.Equal(2, victims.Length);
        Assert.True(manifest.Segments.All(s => s.Shards.Count(x => victims.Contains(_cluster.IndexOf(x.Holders[0].Id))) <= 2));
        Assert.Equal(content, copy.ToArray());
    }

    [Fact(Timeout = 120_000)]
    public async Task ThreeShardsOfASegmentGone_TypedErrorNamesTheSegment()
    {
        byte[] content = TestData.Make(2 * Segment, random: true, seed: 12);
        ContentReceipt receipt = await _cluster.Manager(0, _owner, _secret).UploadAsync(new MemoryStream(content));
        Manifest manifest = await ManifestOfAsync(receipt, 0);
        List<int> holders = manifest.Segments[1].Shards.Select(s => _cluster.IndexOf(s.Holders[0].Id)).Where(i => i is not (0 or 7)).Take(3).ToList();
        foreach (int victim in holders)
        {
            await _cluster.StopAsync(victim);
        }

        int lostInSegment1 = manifest.Segments[1].Shards.Count(s => _cluster.Stopped.Contains(_cluster.IndexOf(s.Holders[0].Id)));
        ContentUnavailableException error = await Assert.ThrowsAsync<ContentUnavailableException>(
            () => _cluster.Manager(7, _owner, _secret).DownloadAsync(receipt.Id, new MemoryStream()));

        Assert.True(lostInSegment1 >= 3);
        long expectedSegment = manifest.Segments[0].Shards.Count(s => _cluster.Stopped.Contains(_cluster.IndexOf(s.Holders[0].Id))) >= 3 ? 0 : 1;
        Assert.Equal(expectedSegment, error.Segment);
        Assert.Equal(receipt.Id, error.Id);
        Assert.Equal(4, error.Needed);
        Assert.Contains($"Segment {expectedSegment}", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task CorruptedShardOnAHolder_IsDetected_WorkedAround_AndReported()
    {
        byte[] content = TestData.Make(2 * Segment, random: false, seed: 13);
        ContentReceipt receipt = await _cluster.Manager(0, _owner, _secret).UploadAsync(new MemoryStream(content));
        Manifest manifest = await ManifestOfAsync(receipt, 0);
        ShardEntry victim = manifest.Segments[0].Shards[0];
        int holder = _cluster.IndexOf(victim.Holders[0].Id);
        IRecordStore store = _cluster.Stores[holder];
        DhtRecord original = (await store.GetAsync(victim.Key))!;
        byte[] corrupted = original.Value.ToArray();
        corrupted[corrupted.Length / 2] ^= 0x5A;
        await store.RemoveAsync(victim.Key);
        await store.PutAsync(original with { Value = corrupted });

        // No hedge: the reader asks the four data shards first, so it needs shard 0's answer unless a slow answer lets
        // the hedge timer start both parity shards and they verify first (long-tail cancellation then drops shard 0's
        // fetch unreported, by design). On a loaded machine that can happen, so a fresh reader tries up to three times.
        var economics = new RecordingEconomics();
        DownloadResult result = null!;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            using var copy = new MemoryStream();
            result = await _cluster.Manager(holder == 7 ? 6 : 7, _owner, _secret, o => o with { Economics = economics, HedgeShards = 0 }).DownloadAsync(receipt.Id, copy);
            Assert.Equal(content, copy.ToArray());
            if (result.Faults.Count > 0)
            {
                break;
            }
        }

        ShardFault fault = Assert.Single(result.Faults, f => f.Error == DhtErrorCode.InvalidRecord);
        Assert.Contains(economics.Faults, f => f.Holder == victim.Holders[0].Id && f.Fault == fault);
        Assert.Equal(victim.Key, fault.Key);
        Assert.Equal(victim.Holders[0].Id, fault.Holder);
        Assert.Equal((0L, 0), (fault.Segment, fault.Shard));
    }

    [Fact(Timeout = 120_000)]
    public async Task UploadCancelledHalfway_NothingResolves_AndARetrySucceeds()
    {
        IContentManager manager = _cluster.Manager(1, _owner, _secret);
        byte[] content = TestData.Make(8 * Segment, random: true, seed: 14);
        using var cancel = new CancellationTokenSource();
        var source = new CancellingStream(content, cancelAfter: 4 * Segment, cancel);
        var options = new ContentUploadOptions { Name = "big.iso" };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => manager.UploadAsync(source, options, cancel.Token));
        ContentId id = ContentId.For(_owner.PublicKey.Span, "big.iso");
        ContentLookup lookup = await manager.GetMetadataAsync(id);
        ContentReceipt retry = await manager.UploadAsync(new MemoryStream(content), options);
        using var copy = new MemoryStream();
        await _cluster.Manager(5, _owner, _secret).DownloadAsync(id, copy);

        Assert.True(source.BytesRead < content.Length);
        Assert.False(lookup.Found);
        Assert.Equal(ContentNotFoundReason.Unknown, lookup.NotFound);
        Assert.Equal(id, retry.Id);
        Assert.Equal(1UL, retry.Version);
        Assert.Equal(content, copy.ToArray());
    }

    [Fact(Timeout = 120_000)]
    public async Task Delete_ByANonOwnerIsRefused_ByTheOwnerStopsResolving()
    {
        IContentManager owner = _cluster.Manager(0, _owner, _secret);
        IContentManager stranger = _cluster.Manager(3, NodeSigners.CreateEcdsaP256(), ContentCluster.Secret());
        ContentReceipt receipt = await owner.UploadAsync(new MemoryStream(TestData.Make(Segment, random: false, seed: 15)));

        await Assert.ThrowsAsync<ContentAccessDeniedException>(() => stranger.DeleteAsync(receipt.Id));
        await Assert.ThrowsAsync<ContentAccessDeniedException>(() => stranger.UpdateAsync(receipt.Id, new MemoryStream([1, 2, 3])));
        Assert.True((await stranger.GetMetadataAsync(receipt.Id)).Found);
        await owner.DeleteAsync(receipt.Id);

        ContentLookup after = await stranger.GetMetadataAsync(receipt.Id);
        ContentNotFoundException open = await Assert.ThrowsAsync<ContentNotFoundException>(() => _cluster.Manager(6, _owner, _secret).OpenReadAsync(receipt.Id));
        Assert.Equal(ContentNotFoundReason.Deleted, after.NotFound);
        Assert.Equal(ContentNotFoundReason.Deleted, open.Reason);
    }

    [Fact(Timeout = 120_000)]
    public async Task EncryptedContent_OtherKeyHolderIsDenied_AndHoldersSeeOnlyCiphertext()
    {
        byte[] content = TestData.Make(2 * Segment, random: false, seed: 16);
        ContentReceipt receipt = await _cluster.Manager(0, _owner, _secret).UploadAsync(new MemoryStream(content), new ContentUploadOptions { Encryption = EncryptionLevel.Standard });
        IContentManager other = _cluster.Manager(4, NodeSigners.CreateEcdsaP256(), ContentCluster.Secret());
        IContentManager noKeys = _cluster.Manager(4, null, null);
        Manifest manifest = await ManifestOfAsync(receipt, 4);
        byte[] needle = content.AsSpan(100, 32).ToArray();
        var shardBytes = new List<byte[]>();
        foreach (ShardEntry shard in manifest.Segments.SelectMany(s => s.Shards))
        {
            shardBytes.Add((await _cluster.Stores[_cluster.IndexOf(shard.Holders[0].Id)].GetAsync(shard.Key))!.Value.ToArray());
        }

        await Assert.ThrowsAsync<ContentAccessDeniedException>(() => other.OpenReadAsync(receipt.Id));
        await Assert.ThrowsAsync<ContentAccessDeniedException>(() => noKeys.DownloadAsync(receipt.Id, new MemoryStream()));
        Assert.All(shardBytes, bytes => Assert.Equal(-1, bytes.AsSpan().IndexOf(needle)));
        Assert.True((await other.GetMetadataAsync(receipt.Id)).Info!.Encrypted);
    }

    [Fact(Timeout = 180_000)]
    public async Task RepairAfterKillingTwoHolders_BringsEverySegmentBackToKPlusM()
    {
        IContentManager owner = _cluster.Manager(0, _owner, _secret);
        byte[] content = TestData.Make(6 * Segment, random: true, seed: 17);
        ContentReceipt receipt = await owner.UploadAsync(new MemoryStream(content));
        Manifest manifest = await ManifestOfAsync(receipt, 0);
        int[] victims = HolderIndices(manifest).Where(i => i is not (0 or 7)).Take(2).ToArray();
        long lost = manifest.Segments.Sum(s => s.Shards.Count(x => victims.Contains(_cluster.IndexOf(x.Holders[0].Id))));
        foreach (int victim in victims)
        {
            await _cluster.StopAsync(victim);
        }

        RepairReport first = await owner.RepairAsync(receipt.Id);
        RepairReport second = await owner.RepairAsync(receipt.Id);
        Manifest repaired = await ManifestOfAsync(new ContentReceipt(receipt.Id, 1, (await owner.ListVersionsAsync(receipt.Id))[0].ManifestKey, 0, default, 0, 0, 0, 0, false), 0);
        for (int i = 0; i < 8; i++)
        {
            if (!victims.Contains(i) && i != 7 && i != 0)
            {
                await _cluster.StopAsync(i);
                break;
            }
        }

        using var copy = new MemoryStream();
        await _cluster.Manager(7, _owner, _secret).DownloadAsync(receipt.Id, copy);

        Assert.True(lost > 0);
        Assert.Equal(lost, first.ShardsMissing);
        Assert.Equal(lost, first.ShardsRepaired);
        Assert.Equal(0, first.SegmentsUnrecoverable);
        Assert.Equal(0, second.ShardsMissing);
        Assert.Equal(manifest.Segments.Count * 6L, second.ShardsRenewed);
        Assert.All(repaired.Segments, s => Assert.Equal(6, s.Shards.Select(x => x.Holders[0].Id).Distinct().Count()));
        Assert.All(repaired.Segments.SelectMany(s => s.Shards), x => Assert.DoesNotContain(_cluster.IndexOf(x.Holders[0].Id), victims));
        Assert.Equal(content, copy.ToArray());
    }

    private async Task<Manifest> ManifestOfAsync(ContentReceipt receipt, int node)
    {
        FindValueResult found = await _cluster.Nodes[node].FindValueAsync(receipt.ManifestKey);
        return ManifestCodec.DecodeSigned(found.Record!.Value, NodeSigners.EcdsaP256Verifier);
    }

    /// <summary>Node indices holding shards, most-loaded first.</summary>
    private IEnumerable<int> HolderIndices(Manifest manifest) =>
        manifest.Segments.SelectMany(s => s.Shards).Select(s => _cluster.IndexOf(s.Holders[0].Id)).GroupBy(i => i).OrderByDescending(g => g.Count()).Select(g => g.Key);

    /// <summary>Serves bytes and cancels the upload once <c>cancelAfter</c> bytes were read.</summary>
    private sealed class CancellingStream(byte[] content, int cancelAfter, CancellationTokenSource cancel) : MemoryStream(content)
    {
        public long BytesRead { get; private set; }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (BytesRead >= cancelAfter)
            {
                await cancel.CancelAsync();
                cancellationToken.ThrowIfCancellationRequested();
            }

            int read = await base.ReadAsync(buffer, cancellationToken);
            BytesRead += read;
            return read;
        }
    }

    [Fact]
    public void CalculateStorageCost_GoesThroughTheEconomicSeam_AndSaysSoWithoutOne()
    {
        var economics = new RecordingEconomics();
        IContentManager priced = ContentManagers.Create(_cluster.Nodes[0], new ContentManagerOptions { Economics = economics });
        IContentManager free = ContentManagers.Create(_cluster.Nodes[0], new ContentManagerOptions());

        ContentStorageCost cost = priced.CalculateStorageCost(4L << 20, new ContentMetadata { Tier = StorageTier.Hot, Replication = 5 }, TimeSpan.FromDays(30));
        ContentException none = Assert.Throws<ContentException>(() => free.CalculateStorageCost(1, new ContentMetadata(), TimeSpan.FromDays(1)));

        Assert.Equal(6L << 20, economics.LastRequest!.StoredBytes);
        Assert.Equal((StorageTier.Hot, 5), (economics.LastRequest.Tier, economics.LastRequest.Replication));
        Assert.Equal(180m, cost.Total);
        Assert.Contains("Economics is null", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_InvalidOptions_NamesEveryBadField()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => ContentManagers.Create(_cluster.Nodes[0], new ContentManagerOptions { SegmentSize = 10, MaxParallelTransfers = 0, HedgeShards = 9 }));

        Assert.Contains("SegmentSize", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxParallelTransfers", error.Message, StringComparison.Ordinal);
        Assert.Contains("HedgeShards", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task SmallContentRead_ServedFromTheReadersCache_AfterEveryShardIsGone_NotToAnotherManager()
    {
        byte[] content = TestData.Make(3000, random: true, seed: 23);
        ContentReceipt receipt = await _cluster.Manager(0, _owner, _secret).UploadAsync(new MemoryStream(content));
        IContentManager reader = _cluster.Manager(7, _owner, _secret);
        IContentManager uncached = _cluster.Manager(7, _owner, _secret, o => o with { SmallSegmentCacheBytes = 0 });
        Assert.Equal(content, await ReadAllAsync(reader, receipt.Id));
        Assert.Equal(content, await ReadAllAsync(uncached, receipt.Id));

        Manifest manifest = await ManifestOfAsync(receipt, 0);
        foreach (ShardEntry shard in manifest.Segments.SelectMany(s => s.Shards))
        {
            foreach (IRecordStore store in _cluster.Stores)
            {
                await store.RemoveAsync(shard.Key);
            }
        }

        Assert.Equal(content, await ReadAllAsync(reader, receipt.Id));
        using var download = new MemoryStream();
        await reader.DownloadAsync(receipt.Id, download);
        Assert.Equal(content, download.ToArray());
        await Assert.ThrowsAsync<ContentUnavailableException>(() => ReadAllAsync(uncached, receipt.Id));
        await Assert.ThrowsAsync<ContentUnavailableException>(() => ReadAllAsync(_cluster.Manager(7, _owner, _secret), receipt.Id));
    }

    private static async Task<byte[]> ReadAllAsync(IContentManager manager, ContentId id)
    {
        await using Stream stream = await manager.OpenReadAsync(id);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact(Timeout = 120_000)]
    public async Task ManifestStoreLandsNowhereTwice_IsRetried_AndTheContentResolves()
    {
        byte[] content = TestData.Make(3 * Segment, random: true, seed: 21);
        (IDhtNode flaky, FlakyStoreNode control) = FlakyStoreNode.Wrap(_cluster.Nodes[0], failures: 2);
        await using IContentManager uploader = ContentManagers.Create(flaky, new ContentManagerOptions { SegmentSize = Segment, Owner = _owner, KeyProtector = ContentKeyProtectors.FromSecret(_secret) });

        ContentReceipt receipt = await uploader.UploadAsync(new MemoryStream(content));
        using var copy = new MemoryStream();
        await _cluster.Manager(7, _owner, _secret).DownloadAsync(receipt.Id, copy);

        Assert.Equal(0, control.Failures);
        Assert.True(control.Stores >= 3, $"{control.Stores} StoreAsync calls");
        Assert.Equal(content, copy.ToArray());
    }

    [Fact(Timeout = 120_000)]
    public async Task ManifestStoreLandsNowhereThreeTimes_UploadFailsNamingTheRefusals()
    {
        (IDhtNode flaky, _) = FlakyStoreNode.Wrap(_cluster.Nodes[0], failures: 3);
        await using IContentManager uploader = ContentManagers.Create(flaky, new ContentManagerOptions { SegmentSize = Segment, Owner = _owner, KeyProtector = ContentKeyProtectors.FromSecret(_secret) });

        ContentException error = await Assert.ThrowsAsync<ContentException>(() => uploader.UploadAsync(new MemoryStream(TestData.Make(Segment, random: true, seed: 22))));

        Assert.Contains("stored on no node after 3 attempts", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{_cluster.Nodes[0].Self.EndPoint} Timeout", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 180_000)]
    public async Task MaintenanceInterval_RepairsByItself_WhenTheClockTicks()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var passes = new MaintenanceLogger();
        IContentManager owner = _cluster.Manager(0, _owner, _secret, o => o with { Time = clock, MaintenanceInterval = TimeSpan.FromHours(1), Logger = passes });
        ContentReceipt receipt = await owner.UploadAsync(new MemoryStream(TestData.Make(4 * Segment, random: true, seed: 31)));
        IReadOnlyList<ShardPlacement> before = await owner.GetPlacementAsync(receipt.Id);
        int victim = before.Select(p => _cluster.IndexOf(p.Holders[0])).First(i => i is not (0 or 7));
        await _cluster.StopAsync(victim);

        clock.Advance(TimeSpan.FromHours(1));
        await passes.Completed.WaitAsync(TimeSpan.FromSeconds(120));
        IReadOnlyList<ShardPlacement> after = await owner.GetPlacementAsync(receipt.Id);

        Assert.Contains(before, p => p.Holders.Contains(_cluster.Nodes[victim].Self.Id));
        Assert.Equal(before.Count, after.Count);
        Assert.DoesNotContain(after, p => p.Holders.Contains(_cluster.Nodes[victim].Self.Id));
    }

    /// <summary>Completes when the manager logs the end of a maintenance pass.</summary>
    private sealed class MaintenanceLogger : Microsoft.Extensions.Logging.ILogger
    {
        private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Completed => _completed.Task;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (formatter(state, exception).StartsWith("Content maintenance", StringComparison.Ordinal))
            {
                _completed.TrySetResult();
            }
        }
    }
}
