using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Time.Testing;
using Zhtp.Storage.S3.Http;
using Zhtp.Storage.S3.Tests.Support;
using Zhtp.Storage.Unified;

namespace Zhtp.Storage.S3.Tests;

/// <summary>Multipart uploads that are never completed or aborted do not keep the gateway's assembly slots for good.</summary>
public sealed class AssemblyEvictionTests
{
    [Fact(Timeout = 180_000)]
    public async Task AbandonedUploads_GiveUpTheirSlotsAfterTheIdleTimeout_AndEveryUploadStillCompletes()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using IUnifiedStorageSystem system = await UnifiedStorageSystems.StartAsync(new ZhtpStorageOptions(), cancellationToken: GatewayFixture.Timeout());
        await using IS3Gateway gateway = await ZhtpS3Gateway.StartAsync(system, new S3GatewayOptions { MinPartSize = 1 << 20, Time = time }, cancellationToken: GatewayFixture.Timeout());
        S3Handler handler = ((S3Gateway)gateway).Handler;
        using AmazonS3Client s3 = ClientOf(gateway);
        await s3.PutBucketAsync("uploads", GatewayFixture.Timeout());

        var uploads = new List<(string Key, string Id, byte[] Data, PartETag Part)>();
        async Task StartAsync(string name)
        {
            byte[] data = RandomNumberGenerator.GetBytes(1 << 20);
            string id = (await s3.InitiateMultipartUploadAsync("uploads", name, GatewayFixture.Timeout())).UploadId;
            UploadPartResponse part = await s3.UploadPartAsync(new UploadPartRequest { BucketName = "uploads", Key = name, UploadId = id, PartNumber = 1, InputStream = new MemoryStream(data) }, GatewayFixture.Timeout());
            uploads.Add((name, id, data, new PartETag(1, part.ETag)));
        }

        // Eight uploads that stop after their first part hold every slot.
        for (int i = 0; i < 8; i++)
        {
            await StartAsync($"abandoned-{i}");
        }

        // A ninth within the idle timeout finds no slot and takes none.
        time.Advance(S3Handler.AssemblyIdleTimeout - TimeSpan.FromSeconds(1));
        await StartAsync("early");
        Assert.Equal(0, handler.AssembliesEvicted);

        // Past the timeout a new upload takes the slot of an idle one and is assembled as its parts arrive.
        time.Advance(TimeSpan.FromSeconds(2));
        await StartAsync("late");
        Assert.Equal(1, handler.AssembliesEvicted);

        long assembledBefore = handler.AssembledUploads;
        Task CompleteAsync((string Key, string Id, byte[] Data, PartETag Part) upload) =>
            s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = "uploads", Key = upload.Key, UploadId = upload.Id, PartETags = [upload.Part] }, GatewayFixture.Timeout());
        await CompleteAsync(uploads[^1]);
        Assert.Equal(assembledBefore + 1, handler.AssembledUploads); // "late" was assembled in the freed slot
        foreach (var upload in uploads.SkipLast(1))
        {
            await CompleteAsync(upload);
        }

        // Seven abandoned ones kept their assembly; the evicted one and "early" were stored from their part files.
        Assert.Equal(assembledBefore + 8, handler.AssembledUploads);
        foreach ((string name, _, byte[] data, _) in uploads)
        {
            using GetObjectResponse get = await s3.GetObjectAsync("uploads", name, GatewayFixture.Timeout());
            var copy = new MemoryStream();
            await get.ResponseStream.CopyToAsync(copy);
            Assert.True(data.AsSpan().SequenceEqual(copy.ToArray()), $"{name} came back different");
        }

        Assert.Equal(0, handler.BufferedPartBytes);
    }

    [Fact(Timeout = 120_000)]
    public async Task StaleUploads_AreAbortedWhenTheNextUploadIsCreated_ActiveOnesAreKept()
    {
        // The gateway's clock runs ahead of the client's here, so the test allows the skew it makes.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using IUnifiedStorageSystem system = await UnifiedStorageSystems.StartAsync(new ZhtpStorageOptions(), cancellationToken: GatewayFixture.Timeout());
        var options = new S3GatewayOptions { MinPartSize = 1 << 20, Time = time, StaleUploadLifetime = TimeSpan.FromDays(1), MaxClockSkew = TimeSpan.FromDays(3) };
        await using IS3Gateway gateway = await ZhtpS3Gateway.StartAsync(system, options, cancellationToken: GatewayFixture.Timeout());
        S3Handler handler = ((S3Gateway)gateway).Handler;
        using AmazonS3Client s3 = ClientOf(gateway);
        await s3.PutBucketAsync("uploads", GatewayFixture.Timeout());
        async Task<PartETag> PartAsync(string name, string id, int number, byte[] data) =>
            new(number, (await s3.UploadPartAsync(new UploadPartRequest { BucketName = "uploads", Key = name, UploadId = id, PartNumber = number, InputStream = new MemoryStream(data) }, GatewayFixture.Timeout())).ETag);

        string abandoned = (await s3.InitiateMultipartUploadAsync("uploads", "abandoned", GatewayFixture.Timeout())).UploadId;
        await PartAsync("abandoned", abandoned, 1, RandomNumberGenerator.GetBytes(1 << 20));
        string active = (await s3.InitiateMultipartUploadAsync("uploads", "active", GatewayFixture.Timeout())).UploadId;
        byte[] first = RandomNumberGenerator.GetBytes(1 << 20), second = RandomNumberGenerator.GetBytes(1000);
        PartETag a1 = await PartAsync("active", active, 1, first);

        // A day later the active upload gets its second part; two hours after that a new upload is created.
        time.Advance(TimeSpan.FromHours(23));
        PartETag a2 = await PartAsync("active", active, 2, second);
        time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, handler.StaleUploadsAborted);
        await s3.InitiateMultipartUploadAsync("uploads", "next", GatewayFixture.Timeout());

        Assert.Equal(1, handler.StaleUploadsAborted);
        var gone = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.ListPartsAsync(new ListPartsRequest { BucketName = "uploads", Key = "abandoned", UploadId = abandoned }, GatewayFixture.Timeout()));
        Assert.Equal("NoSuchUpload", gone.ErrorCode);
        await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = "uploads", Key = "active", UploadId = active, PartETags = [a1, a2] }, GatewayFixture.Timeout());
        using GetObjectResponse get = await s3.GetObjectAsync("uploads", "active", GatewayFixture.Timeout());
        var copy = new MemoryStream();
        await get.ResponseStream.CopyToAsync(copy);
        Assert.Equal([.. first, .. second], copy.ToArray());
        Assert.Equal(0, handler.BufferedPartBytes);

        Assert.Contains(new S3GatewayOptions { StaleUploadLifetime = TimeSpan.Zero }.Validate(), e => e.Contains("StaleUploadLifetime", StringComparison.Ordinal));
    }

    /// <summary>An SDK client of a new access key of <paramref name="gateway"/> (its own clock, not the shared fixture's).</summary>
    private static AmazonS3Client ClientOf(IS3Gateway gateway)
    {
        S3AccessKey key = gateway.CreateAccessKey();
        return new AmazonS3Client(new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey), new AmazonS3Config
        {
            ServiceURL = gateway.ServiceUrl.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1", Timeout = TimeSpan.FromSeconds(60), MaxErrorRetry = 0,
        });
    }
}
