using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Zhtp.Storage.S3.Tests.Support;

namespace Zhtp.Storage.S3.Tests;

/// <summary>Every operation through AWSSDK.S3 (path style, SigV4 as the SDK signs it).</summary>
[Collection("gateway")]
public sealed class SdkOperationsTests(GatewayFixture fixture)
{
    private static string NewBucket() => "b-" + Guid.NewGuid().ToString("N")[..12];

    private static string Md5Hex(byte[] data) => Convert.ToHexStringLower(MD5.HashData(data));

    [Fact(Timeout = 120_000)]
    public async Task Buckets_CreateListHeadDelete_WithTheS3Errors()
    {
        using AmazonS3Client s3 = fixture.Client();
        string bucket = NewBucket();
        await s3.PutBucketAsync(bucket, GatewayFixture.Timeout());

        ListBucketsResponse list = await s3.ListBucketsAsync(GatewayFixture.Timeout());
        Assert.Contains(list.Buckets, b => b.BucketName == bucket);
        await s3.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket }, GatewayFixture.Timeout());

        var again = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.PutBucketAsync(bucket, GatewayFixture.Timeout()));
        Assert.Equal("BucketAlreadyOwnedByYou", again.ErrorCode);
        using AmazonS3Client other = fixture.Client(fixture.OtherKey);
        var taken = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => other.PutBucketAsync(bucket, GatewayFixture.Timeout()));
        Assert.Equal("BucketAlreadyExists", taken.ErrorCode);

        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "x" }, GatewayFixture.Timeout());
        var notEmpty = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.DeleteBucketAsync(bucket, GatewayFixture.Timeout()));
        Assert.Equal("BucketNotEmpty", notEmpty.ErrorCode);
        Assert.Equal(HttpStatusCode.Conflict, notEmpty.StatusCode);

        await s3.DeleteObjectAsync(bucket, "k", GatewayFixture.Timeout());
        await s3.DeleteBucketAsync(bucket, GatewayFixture.Timeout());
        var gone = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, GatewayFixture.Timeout()));
        Assert.Equal("NoSuchBucket", gone.ErrorCode);
        var invalid = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.PutBucketAsync("Bad_Name", GatewayFixture.Timeout()));
        Assert.Equal("InvalidBucketName", invalid.ErrorCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task Objects_PutGetRangeHeadCopyDelete_KeepBytesEtagAndMetadata()
    {
        using AmazonS3Client s3 = fixture.Client();
        string bucket = NewBucket();
        await s3.PutBucketAsync(bucket, GatewayFixture.Timeout());
        byte[] data = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        var put = new PutObjectRequest { BucketName = bucket, Key = "dir/file.bin", InputStream = new MemoryStream(data), ContentType = "application/x-test" };
        put.Metadata["color"] = "blue";
        PutObjectResponse stored = await s3.PutObjectAsync(put, GatewayFixture.Timeout());
        Assert.Equal("\"" + Md5Hex(data) + "\"", stored.ETag);

        using (GetObjectResponse get = await s3.GetObjectAsync(bucket, "dir/file.bin", GatewayFixture.Timeout()))
        {
            var copy = new MemoryStream();
            await get.ResponseStream.CopyToAsync(copy);
            Assert.Equal(data, copy.ToArray());
            Assert.Equal("blue", get.Metadata["color"]);
            Assert.Equal("application/x-test", get.Headers.ContentType);
            Assert.Equal("\"" + Md5Hex(data) + "\"", get.ETag);
        }

        using (GetObjectResponse range = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "dir/file.bin", ByteRange = new ByteRange(1_048_570, 2_097_160) }, GatewayFixture.Timeout()))
        {
            var part = new MemoryStream();
            await range.ResponseStream.CopyToAsync(part);
            Assert.Equal(HttpStatusCode.PartialContent, range.HttpStatusCode);
            Assert.Equal(data.AsSpan(1_048_570, 1_048_591).ToArray(), part.ToArray());
            Assert.Equal($"bytes 1048570-2097160/{data.Length}", range.ContentRange);
        }

        var unsatisfiable = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "dir/file.bin", ByteRange = new ByteRange($"bytes={data.Length}-") }, GatewayFixture.Timeout()));
        Assert.Equal("InvalidRange", unsatisfiable.ErrorCode);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, unsatisfiable.StatusCode);

        GetObjectMetadataResponse head = await s3.GetObjectMetadataAsync(bucket, "dir/file.bin", GatewayFixture.Timeout());
        Assert.Equal(data.Length, head.ContentLength);
        Assert.Equal("blue", head.Metadata["color"]);

        CopyObjectResponse copied = await s3.CopyObjectAsync(bucket, "dir/file.bin", bucket, "copy.bin", GatewayFixture.Timeout());
        Assert.Equal("\"" + Md5Hex(data) + "\"", copied.ETag);
        Assert.Equal(data, await ReadAsync(s3, bucket, "copy.bin"));
        Assert.Equal("blue", (await s3.GetObjectMetadataAsync(bucket, "copy.bin", GatewayFixture.Timeout())).Metadata["color"]);

        // Overwrite, then empty objects.
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "copy.bin", ContentBody = "short" }, GatewayFixture.Timeout());
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "empty", InputStream = new MemoryStream() }, GatewayFixture.Timeout());
        using (GetObjectResponse get = await s3.GetObjectAsync(bucket, "copy.bin", GatewayFixture.Timeout()))
        {
            Assert.Equal("short", await new StreamReader(get.ResponseStream).ReadToEndAsync());
        }

        GetObjectMetadataResponse empty = await s3.GetObjectMetadataAsync(bucket, "empty", GatewayFixture.Timeout());
        Assert.Equal(0, empty.ContentLength);
        Assert.Equal("\"" + Md5Hex([]) + "\"", empty.ETag);

        DeleteObjectsResponse deleted = await s3.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = bucket,
            Objects = [new KeyVersion { Key = "copy.bin" }, new KeyVersion { Key = "empty" }, new KeyVersion { Key = "never-was" }],
        }, GatewayFixture.Timeout());
        Assert.Equal(3, deleted.DeletedObjects.Count);
        await s3.DeleteObjectAsync(bucket, "dir/file.bin", GatewayFixture.Timeout());
        var missing = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectAsync(bucket, "dir/file.bin", GatewayFixture.Timeout()));
        Assert.Equal("NoSuchKey", missing.ErrorCode);
        ListObjectsV2Response none = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, GatewayFixture.Timeout());
        Assert.Empty(none.S3Objects ?? []);
    }

    [Fact(Timeout = 120_000)]
    public async Task ListObjectsV2_PrefixDelimiterMaxKeysContinuationAndStartAfter()
    {
        using AmazonS3Client s3 = fixture.Client();
        string bucket = NewBucket();
        await s3.PutBucketAsync(bucket, GatewayFixture.Timeout());
        string[] keys = ["a.txt", "photos/2024/a.jpg", "photos/2024/b.jpg", "photos/2025/c.jpg", "photos/top.jpg", "z/1", "z/2"];
        foreach (string key in keys)
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = key }, GatewayFixture.Timeout());
        }

        ListObjectsV2Response root = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Delimiter = "/" }, GatewayFixture.Timeout());
        Assert.Equal(["a.txt"], root.S3Objects.Select(o => o.Key));
        Assert.Equal(["photos/", "z/"], root.CommonPrefixes);

        ListObjectsV2Response photos = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "photos/", Delimiter = "/" }, GatewayFixture.Timeout());
        Assert.Equal(["photos/top.jpg"], photos.S3Objects.Select(o => o.Key));
        Assert.Equal(["photos/2024/", "photos/2025/"], photos.CommonPrefixes);

        var pages = new List<string>();
        string? token = null;
        int requests = 0;
        do
        {
            ListObjectsV2Response page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, MaxKeys = 2, ContinuationToken = token }, GatewayFixture.Timeout());
            Assert.True((page.S3Objects?.Count ?? 0) <= 2);
            pages.AddRange(page.S3Objects?.Select(o => o.Key) ?? []);
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
            requests++;
        }
        while (token is not null);
        Assert.Equal(keys, pages);
        Assert.Equal(4, requests);

        ListObjectsV2Response after = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, StartAfter = "photos/2025/c.jpg" }, GatewayFixture.Timeout());
        Assert.Equal(["photos/top.jpg", "z/1", "z/2"], after.S3Objects.Select(o => o.Key));

        // Prefix pages through common prefixes too.
        ListObjectsV2Response first = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Delimiter = "/", MaxKeys = 2 }, GatewayFixture.Timeout());
        Assert.True(first.IsTruncated);
        ListObjectsV2Response second = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Delimiter = "/", MaxKeys = 2, ContinuationToken = first.NextContinuationToken }, GatewayFixture.Timeout());
        Assert.Equal(["z/"], second.CommonPrefixes);
        Assert.False(second.IsTruncated);

        // V1 listing (s3cmd, rclone) with marker.
        ListObjectsResponse v1 = await s3.ListObjectsAsync(new ListObjectsRequest { BucketName = bucket, Marker = "photos/top.jpg" }, GatewayFixture.Timeout());
        Assert.Equal(["z/1", "z/2"], v1.S3Objects.Select(o => o.Key));
    }

    [Fact(Timeout = 120_000)]
    public async Task Multipart_CompleteGivesMd5OfMd5sEtag_AndListsPartsAndUploads()
    {
        using AmazonS3Client s3 = fixture.Client();
        string bucket = NewBucket();
        await s3.PutBucketAsync(bucket, GatewayFixture.Timeout());
        byte[][] chunks = [RandomNumberGenerator.GetBytes(1 << 20), RandomNumberGenerator.GetBytes(1 << 20), RandomNumberGenerator.GetBytes(12345)];
        InitiateMultipartUploadResponse init = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = "big", ContentType = "video/mp4", Metadata = { ["m"] = "1" } }, GatewayFixture.Timeout());

        ListMultipartUploadsResponse uploads = await s3.ListMultipartUploadsAsync(bucket, GatewayFixture.Timeout());
        Assert.Contains(uploads.MultipartUploads, u => u.UploadId == init.UploadId && u.Key == "big");

        var etags = new List<PartETag>();
        for (int i = 0; i < chunks.Length; i++)
        {
            UploadPartResponse part = await s3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "big", UploadId = init.UploadId, PartNumber = i + 1, InputStream = new MemoryStream(chunks[i]) }, GatewayFixture.Timeout());
            Assert.Equal("\"" + Md5Hex(chunks[i]) + "\"", part.ETag);
            etags.Add(new PartETag(i + 1, part.ETag));
        }

        // (The SDK sorts the parts it sends; InvalidPartOrder is checked with raw requests in SignatureTests.)
        ListPartsResponse parts = await s3.ListPartsAsync(new ListPartsRequest { BucketName = bucket, Key = "big", UploadId = init.UploadId }, GatewayFixture.Timeout());
        Assert.Equal([1, 2, 3], parts.Parts.Select(p => p.PartNumber ?? 0));
        Assert.Equal(chunks[2].Length, parts.Parts[2].Size);

        var wrongPart = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = bucket, Key = "big", UploadId = init.UploadId, PartETags = [new PartETag(1, "\"00000000000000000000000000000000\"")] }, GatewayFixture.Timeout()));
        Assert.Equal("InvalidPart", wrongPart.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectMetadataAsync(bucket, "big", GatewayFixture.Timeout()))).StatusCode);

        long assembledBefore = ((S3Gateway)fixture.Gateway).Handler.AssembledUploads;
        CompleteMultipartUploadResponse done = await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = bucket, Key = "big", UploadId = init.UploadId, PartETags = etags }, GatewayFixture.Timeout());
        byte[] md5s = chunks.SelectMany(c => MD5.HashData(c)).ToArray();
        Assert.Equal("\"" + Md5Hex(md5s) + "-3\"", done.ETag);
        Assert.True(((S3Gateway)fixture.Gateway).Handler.AssembledUploads > assembledBefore, "the parts were streamed into content as they arrived");
        Assert.Equal(0, ((S3Gateway)fixture.Gateway).Handler.BufferedPartBytes); // the parts kept in memory for the assembly were released

        using GetObjectResponse get = await s3.GetObjectAsync(bucket, "big", GatewayFixture.Timeout());
        var copy = new MemoryStream();
        await get.ResponseStream.CopyToAsync(copy);
        Assert.Equal(chunks.SelectMany(c => c).ToArray(), copy.ToArray());
        Assert.Equal("video/mp4", get.Headers.ContentType);
        Assert.Equal("1", get.Metadata["m"]);
        var completed = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.ListPartsAsync(new ListPartsRequest { BucketName = bucket, Key = "big", UploadId = init.UploadId }, GatewayFixture.Timeout()));
        Assert.Equal("NoSuchUpload", completed.ErrorCode);

        // A small first part is refused; an aborted upload is gone and leaves no key.
        InitiateMultipartUploadResponse small = await s3.InitiateMultipartUploadAsync(bucket, "small", GatewayFixture.Timeout());
        UploadPartResponse p1 = await s3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "small", UploadId = small.UploadId, PartNumber = 1, InputStream = new MemoryStream(new byte[100]) }, GatewayFixture.Timeout());
        UploadPartResponse p2 = await s3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "small", UploadId = small.UploadId, PartNumber = 2, InputStream = new MemoryStream(new byte[100]) }, GatewayFixture.Timeout());
        var entityTooSmall = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = bucket, Key = "small", UploadId = small.UploadId, PartETags = [new PartETag(1, p1.ETag), new PartETag(2, p2.ETag)] }, GatewayFixture.Timeout()));
        Assert.Equal("EntityTooSmall", entityTooSmall.ErrorCode);
        await s3.AbortMultipartUploadAsync(bucket, "small", small.UploadId, GatewayFixture.Timeout());
        var aborted = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "small", UploadId = small.UploadId, PartNumber = 3, InputStream = new MemoryStream(new byte[1]) }, GatewayFixture.Timeout()));
        Assert.Equal("NoSuchUpload", aborted.ErrorCode);
        Assert.False(Directory.Exists(Path.Combine(fixture.DataDirectory, "s3", "parts", small.UploadId)));
        ListObjectsV2Response list = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, GatewayFixture.Timeout());
        Assert.Equal(["big"], list.S3Objects.Select(o => o.Key));
    }

    [Fact(Timeout = 120_000)]
    public async Task Multipart_PartReplacedOrGap_StoresExactlyTheNamedParts()
    {
        // The gateway streams parts into content while they arrive; a part replaced after it was read, or parts with a
        // gap, must still give exactly the parts Complete names.
        using AmazonS3Client s3 = fixture.Client();
        string bucket = NewBucket();
        await s3.PutBucketAsync(bucket, GatewayFixture.Timeout());
        byte[] first = RandomNumberGenerator.GetBytes(1 << 20), second = RandomNumberGenerator.GetBytes(1 << 20), replaced = RandomNumberGenerator.GetBytes(1 << 20), third = RandomNumberGenerator.GetBytes(999);

        InitiateMultipartUploadResponse init = await s3.InitiateMultipartUploadAsync(bucket, "replaced", GatewayFixture.Timeout());
        async Task<PartETag> PartAsync(string key, string id, int number, byte[] data) =>
            new(number, (await s3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = key, UploadId = id, PartNumber = number, InputStream = new MemoryStream(data) }, GatewayFixture.Timeout())).ETag);
        await PartAsync("replaced", init.UploadId, 1, first);
        PartETag p2 = await PartAsync("replaced", init.UploadId, 2, second);
        PartETag p1 = await PartAsync("replaced", init.UploadId, 1, replaced);
        PartETag p3 = await PartAsync("replaced", init.UploadId, 3, third);
        await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = bucket, Key = "replaced", UploadId = init.UploadId, PartETags = [p1, p2, p3] }, GatewayFixture.Timeout());
        byte[] expected = [.. replaced, .. second, .. third];
        Assert.Equal(expected, await ReadAsync(s3, bucket, "replaced"));

        InitiateMultipartUploadResponse gap = await s3.InitiateMultipartUploadAsync(bucket, "gap", GatewayFixture.Timeout());
        PartETag g1 = await PartAsync("gap", gap.UploadId, 1, first);
        PartETag g3 = await PartAsync("gap", gap.UploadId, 3, third);
        await PartAsync("gap", gap.UploadId, 2, second); // uploaded but not named
        await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = bucket, Key = "gap", UploadId = gap.UploadId, PartETags = [g1, g3] }, GatewayFixture.Timeout());
        byte[] expectedGap = [.. first, .. third];
        Assert.Equal(expectedGap, await ReadAsync(s3, bucket, "gap"));

        InitiateMultipartUploadResponse shorter = await s3.InitiateMultipartUploadAsync(bucket, "shorter", GatewayFixture.Timeout());
        PartETag s1 = await PartAsync("shorter", shorter.UploadId, 1, first);
        await PartAsync("shorter", shorter.UploadId, 2, second);
        await PartAsync("shorter", shorter.UploadId, 3, third);
        await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = bucket, Key = "shorter", UploadId = shorter.UploadId, PartETags = [s1] }, GatewayFixture.Timeout());
        Assert.Equal(first, await ReadAsync(s3, bucket, "shorter"));

        // Parts arriving out of order and one rewritten before the assembly reached it: read from memory, the latest write.
        InitiateMultipartUploadResponse ahead = await s3.InitiateMultipartUploadAsync(bucket, "ahead", GatewayFixture.Timeout());
        await PartAsync("ahead", ahead.UploadId, 2, first);
        PartETag a2 = await PartAsync("ahead", ahead.UploadId, 2, second);
        PartETag a3 = await PartAsync("ahead", ahead.UploadId, 3, third);
        PartETag a1 = await PartAsync("ahead", ahead.UploadId, 1, replaced);
        long assembledBefore = ((S3Gateway)fixture.Gateway).Handler.AssembledUploads;
        long filesReadBefore = ((S3Gateway)fixture.Gateway).Handler.PartFilesRead;
        await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = bucket, Key = "ahead", UploadId = ahead.UploadId, PartETags = [a1, a2, a3] }, GatewayFixture.Timeout());
        Assert.True(((S3Gateway)fixture.Gateway).Handler.AssembledUploads > assembledBefore, "the parts were streamed into content as they arrived");
        byte[] expectedAhead = [.. replaced, .. second, .. third];
        Assert.Equal(expectedAhead, await ReadAsync(s3, bucket, "ahead"));
        Assert.Equal(filesReadBefore, ((S3Gateway)fixture.Gateway).Handler.PartFilesRead); // every part came from memory
        Assert.Equal(0, ((S3Gateway)fixture.Gateway).Handler.BufferedPartBytes);
    }

    private static async Task<byte[]> ReadAsync(AmazonS3Client s3, string bucket, string key)
    {
        using GetObjectResponse get = await s3.GetObjectAsync(bucket, key, GatewayFixture.Timeout());
        var copy = new MemoryStream();
        await get.ResponseStream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact(Timeout = 120_000)]
    public async Task Presigned_GetAndPut_WorkUntilTheyExpire()
    {
        using AmazonS3Client s3 = fixture.Client();
        string bucket = NewBucket();
        await s3.PutBucketAsync(bucket, GatewayFixture.Timeout());
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        string putUrl = await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest { BucketName = bucket, Key = "up.txt", Verb = HttpVerb.PUT, Expires = DateTime.UtcNow.AddMinutes(5), Protocol = Protocol.HTTP });
        using (HttpResponseMessage put = await http.PutAsync(putUrl, new StringContent("presigned body")))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        string getUrl = await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest { BucketName = bucket, Key = "up.txt", Verb = HttpVerb.GET, Expires = DateTime.UtcNow.AddMinutes(5), Protocol = Protocol.HTTP });
        Assert.Equal("presigned body", await http.GetStringAsync(getUrl));

        string tampered = getUrl.Replace("up.txt", "other.txt", StringComparison.Ordinal);
        using (HttpResponseMessage denied = await http.GetAsync(tampered))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            Assert.Contains("<Code>SignatureDoesNotMatch</Code>", await denied.Content.ReadAsStringAsync());
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task AnotherKey_CannotReadOrWriteTheBucket()
    {
        using AmazonS3Client s3 = fixture.Client();
        using AmazonS3Client other = fixture.Client(fixture.OtherKey);
        string bucket = NewBucket();
        await s3.PutBucketAsync(bucket, GatewayFixture.Timeout());
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "secret", ContentBody = "mine" }, GatewayFixture.Timeout());

        foreach (Func<Task> attempt in new Func<Task>[]
        {
            () => other.GetObjectAsync(bucket, "secret", GatewayFixture.Timeout()),
            () => other.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, GatewayFixture.Timeout()),
            () => other.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "x", ContentBody = "theirs" }, GatewayFixture.Timeout()),
            () => other.DeleteObjectAsync(bucket, "secret", GatewayFixture.Timeout()),
            () => other.DeleteBucketAsync(bucket, GatewayFixture.Timeout()),
        })
        {
            var e = await Assert.ThrowsAnyAsync<AmazonS3Exception>(attempt);
            Assert.Equal("AccessDenied", e.ErrorCode);
            Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
        }

        ListBucketsResponse theirs = await other.ListBucketsAsync(GatewayFixture.Timeout());
        Assert.DoesNotContain(theirs.Buckets ?? [], b => b.BucketName == bucket);
        using GetObjectResponse still = await s3.GetObjectAsync(bucket, "secret", GatewayFixture.Timeout());
        Assert.Equal("mine", await new StreamReader(still.ResponseStream).ReadToEndAsync());
    }

    [Theory(Timeout = 120_000)]
    [InlineData("../x")]
    [InlineData("a//b")]
    [InlineData("ünïcödé/日本語 キー.txt")]
    [InlineData("spaces and+plus&amp=?#%")]
    [InlineData("./.")]
    public async Task OddKeys_AreStoredAndListedVerbatim(string key)
    {
        using AmazonS3Client s3 = fixture.Client();
        string bucket = NewBucket();
        await s3.PutBucketAsync(bucket, GatewayFixture.Timeout());
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(key)) }, GatewayFixture.Timeout());

        ListObjectsV2Response list = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, GatewayFixture.Timeout());
        Assert.Equal([key], list.S3Objects.Select(o => o.Key));
        using GetObjectResponse get = await s3.GetObjectAsync(bucket, key, GatewayFixture.Timeout());
        Assert.Equal(key, await new StreamReader(get.ResponseStream).ReadToEndAsync());
        ListBucketsResponse buckets = await s3.ListBucketsAsync(GatewayFixture.Timeout());
        Assert.DoesNotContain(buckets.Buckets, b => b.BucketName == "x");
    }

    [Fact(Timeout = 120_000)]
    public async Task LongKeys_1024BytesStored_1025Refused()
    {
        using AmazonS3Client s3 = fixture.Client();
        string bucket = NewBucket();
        await s3.PutBucketAsync(bucket, GatewayFixture.Timeout());
        string key1024 = new string('k', 1021) + "é" + "z"; // 1021 + 2 + 1 bytes
        Assert.Equal(1024, Encoding.UTF8.GetByteCount(key1024));
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key1024, ContentBody = "long" }, GatewayFixture.Timeout());
        ListObjectsV2Response list = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, GatewayFixture.Timeout());
        Assert.Equal([key1024], list.S3Objects.Select(o => o.Key));

        var tooLong = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key1024 + "x", ContentBody = "x" }, GatewayFixture.Timeout()));
        Assert.Equal("KeyTooLongError", tooLong.ErrorCode);
    }
}
