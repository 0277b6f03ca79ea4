using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Zhtp.Storage.S3.Tests.Support;

namespace Zhtp.Storage.S3.Tests;

/// <summary>SigV4 checks with hand-signed requests: what a valid signature gets, and what tampering, expiry, skew and bad bodies get.</summary>
[Collection("gateway")]
public sealed class SignatureTests(GatewayFixture fixture) : IAsyncLifetime
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _bucket = "sig-" + Guid.NewGuid().ToString("N")[..12];

    public async Task InitializeAsync()
    {
        using AmazonS3Client s3 = fixture.Client();
        await s3.PutBucketAsync(_bucket, GatewayFixture.Timeout());
    }

    public Task DisposeAsync()
    {
        _http.Dispose();
        return Task.CompletedTask;
    }

    private Uri Service => fixture.Gateway.ServiceUrl;

    private (HttpRequestMessage Request, string Signature) Put(string key, byte[] body, DateTimeOffset? when = null, string? payloadHash = null, IReadOnlyDictionary<string, string>? extra = null, S3AccessKey? as_ = null, string? secret = null) =>
        TestSigner.Sign(HttpMethod.Put, Service, $"/{_bucket}/{key}", (as_ ?? fixture.Key).AccessKeyId, secret ?? (as_ ?? fixture.Key).SecretAccessKey, when ?? DateTimeOffset.UtcNow, new ByteArrayContent(body), payloadHash ?? TestSigner.Sha256Hex(body), extra);

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpRequestMessage request)
    {
        using (request)
        using (HttpResponseMessage response = await _http.SendAsync(request, GatewayFixture.Timeout()))
        {
            string body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("   at ", body); // never a stack trace
            return (response.StatusCode, body);
        }
    }

    private async Task AssertAbsentAsync(string key)
    {
        using AmazonS3Client s3 = fixture.Client();
        var e = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectMetadataAsync(_bucket, key, GatewayFixture.Timeout()));
        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task HandSigned_PutAndGet_Succeed()
    {
        byte[] body = Encoding.UTF8.GetBytes("hand signed");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(Put("hand.txt", body).Request)).Status);
        (HttpRequestMessage get, _) = TestSigner.Sign(HttpMethod.Get, Service, $"/{_bucket}/hand.txt", fixture.Key.AccessKeyId, fixture.Key.SecretAccessKey, DateTimeOffset.UtcNow, null, TestSigner.Sha256Hex([]));
        (HttpStatusCode status, string text) = await SendAsync(get);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("hand signed", text);
    }

    [Fact(Timeout = 60_000)]
    public async Task VirtualHostedStyle_AddressesTheBucketFromTheHost()
    {
        byte[] body = Encoding.UTF8.GetBytes("virtual host");
        string host = $"{_bucket}.s3.localhost:{fixture.Gateway.EndPoint.Port}";
        (HttpRequestMessage put, _) = TestSigner.Sign(HttpMethod.Put, Service, "/v/key.txt", fixture.Key.AccessKeyId, fixture.Key.SecretAccessKey, DateTimeOffset.UtcNow, new ByteArrayContent(body), TestSigner.Sha256Hex(body), hostHeader: host);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(put)).Status);
        (HttpRequestMessage list, _) = TestSigner.Sign(HttpMethod.Get, Service, "/?list-type=2&prefix=v%2F", fixture.Key.AccessKeyId, fixture.Key.SecretAccessKey, DateTimeOffset.UtcNow, null, TestSigner.Sha256Hex([]), hostHeader: host);
        (HttpStatusCode status, string xml) = await SendAsync(list);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<Key>v/key.txt</Key>", xml);

        using AmazonS3Client s3 = fixture.Client();
        using GetObjectResponse get = await s3.GetObjectAsync(_bucket, "v/key.txt", GatewayFixture.Timeout()); // the same object, path style
        Assert.Equal("virtual host", await new StreamReader(get.ResponseStream).ReadToEndAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task SignedHeaderChanged_IsSignatureDoesNotMatch()
    {
        (HttpRequestMessage request, _) = Put("meta.txt", "x"u8.ToArray(), extra: new Dictionary<string, string> { ["x-amz-meta-owner"] = "alice" });
        request.Headers.Remove("x-amz-meta-owner");
        request.Headers.Add("x-amz-meta-owner", "mallory");
        (HttpStatusCode status, string body) = await SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", body);
        await AssertAbsentAsync("meta.txt");
    }

    [Fact(Timeout = 60_000)]
    public async Task WrongSecret_UnknownKey_Anonymous_AreRefused()
    {
        (HttpStatusCode status, string body) = await SendAsync(Put("a", "x"u8.ToArray(), secret: "not-the-secret").Request);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", body);

        (status, body) = await SendAsync(Put("a", "x"u8.ToArray(), as_: new S3AccessKey("ZHTPAAAAAAAAAAAAAAAA", "secret", "none")).Request);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("<Code>InvalidAccessKeyId</Code>", body);

        (status, body) = await SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(Service, "/" + _bucket)));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("<Code>AccessDenied</Code>", body);
        await AssertAbsentAsync("a");
    }

    [Fact(Timeout = 60_000)]
    public async Task PayloadHashWrong_IsContentSha256Mismatch_AndNoKey()
    {
        (HttpStatusCode status, string body) = await SendAsync(Put("hash.txt", "the real body"u8.ToArray(), payloadHash: TestSigner.Sha256Hex("another body"u8.ToArray())).Request);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("<Code>XAmzContentSHA256Mismatch</Code>", body);
        await AssertAbsentAsync("hash.txt");
    }

    [Fact(Timeout = 60_000)]
    public async Task SkewedClock_IsRequestTimeTooSkewed()
    {
        (HttpStatusCode status, string body) = await SendAsync(Put("skew", "x"u8.ToArray(), when: DateTimeOffset.UtcNow.AddMinutes(-20)).Request);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("<Code>RequestTimeTooSkewed</Code>", body);
    }

    [Fact(Timeout = 60_000)]
    public async Task Presigned_ExpiredOrTampered_IsRefused_ValidWorks()
    {
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(Put("pre.txt", "presigned"u8.ToArray()).Request)).Status);
        Uri valid = TestSigner.Presign(HttpMethod.Get, Service, $"/{_bucket}/pre.txt", fixture.Key.AccessKeyId, fixture.Key.SecretAccessKey, DateTimeOffset.UtcNow.AddSeconds(-5), 60);
        (HttpStatusCode status, string body) = await SendAsync(new HttpRequestMessage(HttpMethod.Get, valid));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("presigned", body);

        Uri expired = TestSigner.Presign(HttpMethod.Get, Service, $"/{_bucket}/pre.txt", fixture.Key.AccessKeyId, fixture.Key.SecretAccessKey, DateTimeOffset.UtcNow.AddHours(-2), 3600);
        (status, body) = await SendAsync(new HttpRequestMessage(HttpMethod.Get, expired));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("<Code>AccessDenied</Code>", body);
        Assert.Contains("expired", body);

        var longer = new Uri(valid.ToString().Replace("X-Amz-Expires=60", "X-Amz-Expires=600000", StringComparison.Ordinal));
        (status, body) = await SendAsync(new HttpRequestMessage(HttpMethod.Get, longer));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", body);
    }

    [Fact(Timeout = 60_000)]
    public async Task ChunkedSignedBody_Verified_TamperedChunkRefusedAndNoKey()
    {
        byte[] data = RandomNumberGenerator.GetBytes(200_000);
        foreach (bool tamper in new[] { false, true })
        {
            string key = tamper ? "chunked-bad" : "chunked-good";
            (HttpStatusCode status, string text) = await SendChunkedAsync(key, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", data.Length, null, (when, seed) =>
            {
                byte[] body = TestSigner.ChunkedBody(data, 65536, fixture.Key.SecretAccessKey, when, seed);
                if (tamper)
                {
                    body[body.Length / 2] ^= 1;
                }

                return body;
            });
            if (tamper)
            {
                Assert.Equal(HttpStatusCode.Forbidden, status);
                Assert.Contains("<Code>SignatureDoesNotMatch</Code>", text);
                await AssertAbsentAsync(key);
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, status);
                using AmazonS3Client s3 = fixture.Client();
                using GetObjectResponse get = await s3.GetObjectAsync(_bucket, key, GatewayFixture.Timeout());
                var copy = new MemoryStream();
                await get.ResponseStream.CopyToAsync(copy);
                Assert.Equal(data, copy.ToArray());
                Assert.Null(get.Headers.ContentEncoding); // aws-chunked is transport, not the object's encoding
            }
        }
    }

    [Theory(Timeout = 60_000)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task TrailingChecksum_Verified_WrongChecksumIsBadDigestAndNoKey(bool signed, bool wrongChecksum)
    {
        byte[] data = RandomNumberGenerator.GetBytes(150_000);
        string key = $"trailer-{signed}-{wrongChecksum}";
        string checksum = TestSigner.Crc32Base64(wrongChecksum ? [.. data, 0] : data);
        string mode = signed ? "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER" : "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
        (HttpStatusCode status, string text) = await SendChunkedAsync(key, mode, data.Length, "x-amz-checksum-crc32", (when, seed) =>
            signed ? TestSigner.SignedTrailerBody(data, 65536, fixture.Key.SecretAccessKey, when, seed, checksum) : TestSigner.UnsignedTrailerBody(data, 65536, checksum));
        if (wrongChecksum)
        {
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains("<Code>BadDigest</Code>", text);
            await AssertAbsentAsync(key);
        }
        else
        {
            Assert.True(status == HttpStatusCode.OK, text);
            using AmazonS3Client s3 = fixture.Client();
            using GetObjectResponse get = await s3.GetObjectAsync(_bucket, key, GatewayFixture.Timeout());
            var copy = new MemoryStream();
            await get.ResponseStream.CopyToAsync(copy);
            Assert.Equal(data, copy.ToArray());
        }
    }

    /// <summary>PUTs an aws-chunked body: signs the headers in <paramref name="mode"/>, then builds the body from the request's signature (the chunk chain's seed).</summary>
    private async Task<(HttpStatusCode Status, string Body)> SendChunkedAsync(string key, string mode, long decodedLength, string? trailer, Func<DateTimeOffset, string, byte[]> body)
    {
        DateTimeOffset when = DateTimeOffset.UtcNow;
        var headers = new Dictionary<string, string> { ["x-amz-decoded-content-length"] = decodedLength.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (trailer is not null)
        {
            headers["x-amz-trailer"] = trailer;
        }

        (HttpRequestMessage request, string seed) = TestSigner.Sign(HttpMethod.Put, Service, $"/{_bucket}/{key}", fixture.Key.AccessKeyId, fixture.Key.SecretAccessKey, when, null, mode, headers);
        request.Content = new ByteArrayContent(body(when, seed));
        request.Content.Headers.ContentEncoding.Add("aws-chunked");
        return await SendAsync(request);
    }

    [Fact(Timeout = 60_000)]
    public async Task ShortBody_IsIncompleteBody_AndNoKey()
    {
        DateTimeOffset when = DateTimeOffset.UtcNow;
        (HttpRequestMessage signed, _) = TestSigner.Sign(HttpMethod.Put, Service, $"/{_bucket}/short", fixture.Key.AccessKeyId, fixture.Key.SecretAccessKey, when, null, "UNSIGNED-PAYLOAD");
        var head = new StringBuilder();
        head.Append($"PUT /{_bucket}/short HTTP/1.1\r\nHost: {Service.Authority}\r\nContent-Length: 100000\r\n");
        foreach (var h in signed.Headers)
        {
            head.Append($"{h.Key}: {string.Join(",", h.Value)}\r\n");
        }

        head.Append("\r\n");
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, fixture.Gateway.EndPoint.Port, GatewayFixture.Timeout());
        NetworkStream stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), GatewayFixture.Timeout());
        await stream.WriteAsync(new byte[40_000], GatewayFixture.Timeout());
        client.Client.Shutdown(SocketShutdown.Send);
        var response = new MemoryStream();
        try
        {
            await stream.CopyToAsync(response, GatewayFixture.Timeout());
        }
        catch (IOException)
        {
            // The server may reset a connection whose body it could not finish reading; what matters is that no key appeared.
        }

        string text = Encoding.UTF8.GetString(response.ToArray());
        Assert.True(text.Length == 0 || text.Contains("IncompleteBody", StringComparison.Ordinal), text);
        await AssertAbsentAsync("short");
    }

    [Fact(Timeout = 60_000)]
    public async Task CompleteWithPartsOutOfOrder_IsInvalidPartOrder_MalformedXmlRefused()
    {
        using AmazonS3Client s3 = fixture.Client();
        InitiateMultipartUploadResponse init = await s3.InitiateMultipartUploadAsync(_bucket, "order", GatewayFixture.Timeout());
        byte[] xml = Encoding.UTF8.GetBytes("<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>\"a\"</ETag></Part><Part><PartNumber>1</PartNumber><ETag>\"b\"</ETag></Part></CompleteMultipartUpload>");
        (HttpRequestMessage request, _) = TestSigner.Sign(HttpMethod.Post, Service, $"/{_bucket}/order?uploadId={init.UploadId}", fixture.Key.AccessKeyId, fixture.Key.SecretAccessKey, DateTimeOffset.UtcNow, new ByteArrayContent(xml), TestSigner.Sha256Hex(xml));
        (HttpStatusCode status, string body) = await SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("<Code>InvalidPartOrder</Code>", body);

        byte[] garbage = "<Delete><Object><Key>x</Key>"u8.ToArray();
        (request, _) = TestSigner.Sign(HttpMethod.Post, Service, $"/{_bucket}?delete", fixture.Key.AccessKeyId, fixture.Key.SecretAccessKey, DateTimeOffset.UtcNow, new ByteArrayContent(garbage), TestSigner.Sha256Hex(garbage));
        (status, body) = await SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("<Code>MalformedXML</Code>", body);
    }
}
