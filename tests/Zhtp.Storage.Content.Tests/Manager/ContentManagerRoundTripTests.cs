using System.IO.Pipelines;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Tests.Manager;

public sealed class ContentManagerRoundTripTests : IAsyncLifetime
{
    private const int Segment = 16 * 1024;
    private ContentCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ContentCluster.StartAsync(8);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    public static TheoryData<int, bool, EncryptionLevel> Sizes() => new()
    {
        { 0, false, EncryptionLevel.Standard },
        { 1, true, EncryptionLevel.Standard },
        { Segment - 1, false, EncryptionLevel.Standard },
        { Segment, true, EncryptionLevel.None },
        { Segment + 1, false, EncryptionLevel.None },
        { (7 * Segment) / 2, true, EncryptionLevel.Standard },
        { 5 * Segment, false, EncryptionLevel.Standard },
    };

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(Sizes))]
    public async Task UploadThenDownload_FromAnotherNode_IsBitExact(int size, bool random, EncryptionLevel encryption)
    {
        byte[] secret = ContentCluster.Secret();
        INodeSigner owner = NodeSigners.CreateEcdsaP256();
        IContentManager writer = _cluster.Manager(1, owner, secret);
        IContentManager reader = _cluster.Manager(6, owner, secret);
        byte[] content = TestData.Make(size, random, seed: size);

        ContentReceipt receipt = await writer.UploadAsync(new MemoryStream(content), new ContentUploadOptions { Encryption = encryption, Metadata = new ContentMetadata { Filename = "a.bin" } });
        using var copy = new MemoryStream();
        DownloadResult result = await reader.DownloadAsync(receipt.Id, copy);

        Assert.Equal(content, copy.ToArray());
        Assert.Equal(size, result.BytesWritten);
        Assert.Equal((size + Segment - 1) / Segment, receipt.Segments);
        Assert.Equal(receipt.Segments * 6, receipt.Shards);
        Assert.Equal(encryption != EncryptionLevel.None, receipt.Encrypted);
        Assert.Equal(ContentHash.Of(content), receipt.PlainHash);
        Assert.Empty(result.Faults);
    }

    [Fact(Timeout = 120_000)]
    public async Task OpenRead_RangesAcrossSegmentEdges_AtTheEnd_AndPastTheEnd()
    {
        byte[] secret = ContentCluster.Secret();
        INodeSigner owner = NodeSigners.CreateEcdsaP256();
        byte[] content = TestData.Make((5 * Segment) + 123, random: false, seed: 3);
        ContentReceipt receipt = await _cluster.Manager(0, owner, secret).UploadAsync(new MemoryStream(content));
        IContentManager reader = _cluster.Manager(5, owner, secret);

        await using Stream stream = await reader.OpenReadAsync(receipt.Id);
        Assert.True(stream.CanSeek);
        Assert.Equal(content.Length, stream.Length);
        foreach ((long offset, int length) in new[] { (Segment - 10L, 20), (2L * Segment, Segment), (content.Length - 5L, 5), (content.Length - 100L, 1000), (0L, 3 * Segment) })
        {
            stream.Position = offset;
            byte[] buffer = new byte[length];
            int read = await stream.ReadAtLeastAsync(buffer, length, throwOnEndOfStream: false);
            int expected = (int)Math.Min(length, content.Length - offset);
            Assert.Equal(expected, read);
            Assert.Equal(content.AsSpan((int)offset, expected).ToArray(), buffer.AsSpan(0, read).ToArray());
        }

        stream.Position = content.Length;
        Assert.Equal(0, await stream.ReadAsync(new byte[10]));
        ContentRangeException past = Assert.Throws<ContentRangeException>(() => stream.Seek(content.Length + 1, SeekOrigin.Begin));
        Assert.Equal(content.Length, past.Length);
        Assert.Throws<NotSupportedException>(() => stream.Read(new byte[1], 0, 1));
    }

    [Fact(Timeout = 120_000)]
    public async Task OpenRead_CopyToAsync_AndPipes_RoundTrip()
    {
        INodeSigner owner = NodeSigners.CreateEcdsaP256();
        byte[] secret = ContentCluster.Secret();
        IContentManager manager = _cluster.Manager(2, owner, secret);
        byte[] content = TestData.Make((3 * Segment) + 7, random: true, seed: 9);
        var pipe = new Pipe();
        Task<ContentReceipt> upload = manager.UploadFromPipeAsync(pipe.Reader);
        await pipe.Writer.WriteAsync(content);
        await pipe.Writer.CompleteAsync();
        ContentReceipt receipt = await upload;

        await using Stream stream = await manager.OpenReadAsync(receipt.Id);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());

        var output = new Pipe();
        DownloadResult result = await manager.DownloadToPipeAsync(receipt.Id, output.Writer);
        await output.Writer.CompleteAsync();
        ReadResult all = await output.Reader.ReadAtLeastAsync(content.Length + 1);
        Assert.Equal(content, System.Buffers.BuffersExtensions.ToArray(all.Buffer));
        Assert.Equal(content.Length, result.BytesWritten);
    }

    [Fact(Timeout = 120_000)]
    public async Task LargeTable_IsChunked_AsAManifestOfManifests()
    {
        INodeSigner owner = NodeSigners.CreateEcdsaP256();
        byte[] secret = ContentCluster.Secret();
        IContentManager manager = _cluster.Manager(3, owner, secret, o => o with { SegmentsPerManifestRecord = 1 });
        IContentManager reader = _cluster.Manager(4, owner, secret);
        byte[] content = TestData.Make((19 * Segment) + 1, random: false, seed: 4); // 20 chunks: more than are kept

        ContentReceipt receipt = await manager.UploadAsync(new MemoryStream(content));
        FindValueResult found = await _cluster.Nodes[4].FindValueAsync(receipt.ManifestKey);
        Content.Manifests.Manifest manifest = Content.Manifests.ManifestCodec.DecodeSigned(found.Record!.Value, NodeSigners.EcdsaP256Verifier);
        using var copy = new MemoryStream();
        await reader.DownloadAsync(receipt.Id, copy);

        Assert.Equal(20, manifest.Chunks.Count);
        Assert.True(manifest.Chunks.Count > Content.Manager.SegmentTable.ChunksKept);
        Assert.Empty(manifest.Segments);
        Assert.Equal(content, copy.ToArray());

        // Range reads, backwards across chunks (each chunk fetched when first read; older ones dropped and fetched again).
        await using Stream stream = await _cluster.Manager(5, owner, secret).OpenReadAsync(receipt.Id);
        for (long offset = content.Length - 1; offset >= 0; offset -= Segment - 7)
        {
            stream.Position = offset;
            byte[] buffer = new byte[16];
            int read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false);
            Assert.Equal(content.AsSpan((int)offset, read).ToArray(), buffer.AsSpan(0, read).ToArray());
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Versions_UpdateAddsOne_OldVersionsStayReadable_MetadataDescribesEach()
    {
        INodeSigner owner = NodeSigners.CreateEcdsaP256();
        byte[] secret = ContentCluster.Secret();
        IContentManager manager = _cluster.Manager(0, owner, secret);
        byte[] first = TestData.Make(2 * Segment, random: true, seed: 1);
        byte[] second = TestData.Make(Segment / 2, random: false, seed: 2);
        ContentReceipt v1 = await manager.UploadAsync(new MemoryStream(first), new ContentUploadOptions { Name = "report.txt", Metadata = new ContentMetadata { Filename = "report.txt", Tags = ["q3"] } });
        ContentReceipt v2 = await manager.UpdateAsync(v1.Id, new MemoryStream(second));

        IReadOnlyList<ContentVersion> versions = await _cluster.Manager(7, owner, secret).ListVersionsAsync(v1.Id);
        ContentLookup latest = await manager.GetMetadataAsync(v1.Id);
        ContentLookup missing = await manager.GetMetadataAsync(v1.Id, 9);
        using var old = new MemoryStream();
        await manager.DownloadAsync(v1.Id, old, version: 1);
        ContentException again = await Assert.ThrowsAsync<ContentException>(() => manager.UploadAsync(new MemoryStream(second), new ContentUploadOptions { Name = "report.txt" }));
        ContentInfo openedLatest, openedFirst;
        await using (Stream stream = await manager.OpenReadAsync(v1.Id))
        {
            openedLatest = Assert.IsAssignableFrom<IOpenedContent>(stream).Info;
        }

        await using (Stream stream = await manager.OpenReadAsync(v1.Id, 1))
        {
            openedFirst = Assert.IsAssignableFrom<IOpenedContent>(stream).Info;
        }

        Assert.Equal(v1.Id, v2.Id);
        Assert.Equal([1UL, 2UL], versions.Select(v => v.Version));
        Assert.Equal(2UL, latest.Info!.Version);
        Assert.Equal(second.Length, latest.Info.Length);
        Assert.Equal("report.txt", latest.Info.Metadata.Filename);
        Assert.Equal(["q3"], latest.Info.Metadata.Tags);
        Assert.Equal(ContentNotFoundReason.NoSuchVersion, missing.NotFound);
        Assert.Equal((latest.Info.Version, latest.Info.ManifestKey, latest.Info.Length, latest.Info.PlainHash, latest.Info.Created), (openedLatest.Version, openedLatest.ManifestKey, openedLatest.Length, openedLatest.PlainHash, openedLatest.Created));
        Assert.Equal("report.txt", openedLatest.Metadata.Filename);
        Assert.Equal((1UL, (long)first.Length, v1.ManifestKey), (openedFirst.Version, openedFirst.Length, openedFirst.ManifestKey));
        Assert.Equal(first, old.ToArray());
        Assert.Contains("UpdateAsync", again.Message, StringComparison.Ordinal);
    }
}
