using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Zhtp.Storage.Content;
using Zhtp.Storage.S3.Auth;
using Zhtp.Storage.S3.Index;
using Zhtp.Storage.S3.Multipart;
using Zhtp.Storage.Unified;

namespace Zhtp.Storage.S3.Http;

/// <summary>
/// Serves one S3 request: parses the path-style address (/bucket/key) from the raw request target, authenticates it,
/// runs the operation and writes the S3 XML error body for any failure (no stack trace leaves the process; unexpected
/// failures are logged and answered InternalError).
/// </summary>
internal sealed partial class S3Handler(
    IUnifiedStorageSystem system, BucketIndex index, PartStore parts, RequestAuthenticator authenticator, S3GatewayOptions options, TimeProvider time, ILogger logger) : IAsyncDisposable
{
    private const int CopyBuffer = 1 << 20;
    private static readonly System.Buffers.SearchValues<char> BucketCharacters = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789.-");

    public async Task HandleAsync(HttpContext context)
    {
        CancellationToken cancellationToken = context.RequestAborted;
        string rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (context.Request.Path + context.Request.QueryString);
        int question = rawTarget.IndexOf('?', StringComparison.Ordinal);
        string rawPath = question < 0 ? rawTarget : rawTarget[..question];
        string rawQuery = question < 0 ? "" : rawTarget[(question + 1)..];
        string resource = rawPath;
        try
        {
            if (!rawPath.StartsWith('/'))
            {
                throw S3Exception.InvalidArgument("The request target must be an absolute path (/bucket/key).");
            }

            List<KeyValuePair<string, string>> query = SigV4.ParseQuery(rawQuery);
            string path = SigV4.PercentDecode(rawPath, plusIsSpace: false);
            resource = path;
            int slash = path.IndexOf('/', 1);
            string bucket = slash < 0 ? path[1..] : path[1..slash];
            string key = slash < 0 ? "" : path[(slash + 1)..];
            if (VirtualHostBucket(context.Request.Host.Host) is { } hostBucket)
            {
                bucket = hostBucket;
                key = path[1..];
            }

            AuthenticatedRequest auth = await authenticator.AuthenticateAsync(context, rawPath, query, cancellationToken).ConfigureAwait(false);
            var request = new S3Request(context, auth, bucket, key, query);
            await DispatchAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (cancellationToken.IsCancellationRequested && e is not S3Exception)
            {
                return; // the client went away mid-request
            }

            S3Exception error = Translate(e);
            if (error.Status == 500)
            {
                Log.RequestFailed(logger, context.Request.Method, resource, e);
            }

            await WriteErrorAsync(context, error, resource).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client went away; nothing to answer.
        }
    }

    private static S3Exception Translate(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case S3Exception s3:
                    return s3;
                case BadHttpRequestException bad:
                    return S3Exception.IncompleteBody($"The request body could not be read: {bad.Message}");
                case ContentAccessDeniedException:
                    return S3Exception.AccessDenied("Access Denied: the access key's identity cannot read this object.");
                case ContentNotFoundException:
                    return new S3Exception(404, "NoSuchKey", "The object's content no longer resolves in the network (deleted or expired); delete the key and upload it again.");
                case ContentUnavailableException:
                    return new S3Exception(503, "ServiceUnavailable", "Too few holders of the object's shards answered; try again later.");
                case AggregateException { InnerExceptions.Count: > 0 } aggregate:
                    return Translate(aggregate.InnerExceptions[0]);
            }
        }

        return new S3Exception();
    }

    private static async Task WriteErrorAsync(HttpContext context, S3Exception error, string resource)
    {
        HttpResponse response = context.Response;
        if (response.HasStarted)
        {
            context.Abort();
            return;
        }

        response.Clear();
        if (error.Code == "InvalidRange" && error.Details.FirstOrDefault(d => d.Key == "ActualObjectSize").Value is { } size)
        {
            response.Headers.ContentRange = "bytes */" + size;
        }

        if (HttpMethods.IsHead(context.Request.Method))
        {
            response.StatusCode = error.Status;
            return;
        }

        string requestId = context.TraceIdentifier;
        await S3Xml.WriteAsync(response, error.Status, "Error", w =>
        {
            w.Element("Code", error.Code);
            w.Element("Message", error.Message);
            foreach (KeyValuePair<string, string> detail in error.Details)
            {
                w.Element(detail.Key, detail.Value);
            }

            w.Element("Resource", resource);
            w.Element("RequestId", requestId);
        }, withNamespace: false).ConfigureAwait(false);
    }

    private Task DispatchAsync(S3Request r, CancellationToken cancellationToken)
    {
        string method = r.Context.Request.Method;
        if (r.Bucket.Length == 0)
        {
            return HttpMethods.IsGet(method) ? ListBucketsAsync(r) : throw MethodNotAllowed();
        }

        ValidateBucketName(r.Bucket);
        if (r.Key.Length == 0)
        {
            return method switch
            {
                _ when HttpMethods.IsPut(method) => r.Has("acl") || r.Has("versioning") || r.Has("policy") || r.Has("tagging") ? throw NotImplemented() : CreateBucketAsync(r, cancellationToken),
                _ when HttpMethods.IsDelete(method) => DeleteBucketAsync(r),
                _ when HttpMethods.IsHead(method) => HeadBucketAsync(r),
                _ when HttpMethods.IsGet(method) && r.Has("location") => GetBucketLocationAsync(r),
                _ when HttpMethods.IsGet(method) && r.Has("uploads") => ListMultipartUploadsAsync(r),
                _ when HttpMethods.IsGet(method) && r.Has("versioning") => GetBucketVersioningAsync(r),
                _ when HttpMethods.IsGet(method) && (r.Has("acl") || r.Has("policy") || r.Has("tagging") || r.Has("lifecycle") || r.Has("cors") || r.Has("encryption") || r.Has("object-lock") || r.Has("versions")) => throw NotImplemented(),
                _ when HttpMethods.IsGet(method) => ListObjectsAsync(r),
                _ when HttpMethods.IsPost(method) && r.Has("delete") => DeleteObjectsAsync(r, cancellationToken),
                _ => throw MethodNotAllowed(),
            };
        }

        ValidateKey(r.Key);
        return method switch
        {
            _ when r.Has("acl") || r.Has("tagging") || r.Has("retention") || r.Has("legal-hold") || r.Has("torrent") || r.Has("attributes") => throw NotImplemented(),
            _ when HttpMethods.IsPut(method) && r.Has("uploadId") => r.Context.Request.Headers.ContainsKey("x-amz-copy-source") ? throw NotImplemented() : UploadPartAsync(r, cancellationToken),
            _ when HttpMethods.IsPut(method) && r.Context.Request.Headers.ContainsKey("x-amz-copy-source") => CopyObjectAsync(r, cancellationToken),
            _ when HttpMethods.IsPut(method) => PutObjectAsync(r, cancellationToken),
            _ when HttpMethods.IsGet(method) && r.Has("uploadId") => ListPartsAsync(r),
            _ when HttpMethods.IsGet(method) || HttpMethods.IsHead(method) => GetObjectAsync(r, cancellationToken),
            _ when HttpMethods.IsDelete(method) && r.Has("uploadId") => AbortMultipartUploadAsync(r),
            _ when HttpMethods.IsDelete(method) => DeleteObjectAsync(r, cancellationToken),
            _ when HttpMethods.IsPost(method) && r.Has("uploads") => CreateMultipartUploadAsync(r),
            _ when HttpMethods.IsPost(method) && r.Has("uploadId") => CompleteMultipartUploadAsync(r, cancellationToken),
            _ => throw MethodNotAllowed(),
        };
    }

    /// <summary>The bucket named by a virtual-hosted-style Host (BUCKET.domain), or null for path style.</summary>
    private string? VirtualHostBucket(string host)
    {
        string? domain = options.VirtualHostDomain;
        if (domain is null || host.Length <= domain.Length + 1 || !host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return host[..^(domain.Length + 1)].ToLowerInvariant();
    }

    private static S3Exception NotImplemented() => new(501, "NotImplemented", "A header or query you provided implies functionality that is not implemented by this gateway (docs/s3.md lists what is).");

    private static S3Exception MethodNotAllowed() => new(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");

    private static void ValidateBucketName(string bucket)
    {
        bool valid = bucket.Length is >= 3 and <= 63
            && !bucket.AsSpan().ContainsAnyExcept(BucketCharacters)
            && char.IsAsciiLetterOrDigit(bucket[0]) && char.IsAsciiLetterOrDigit(bucket[^1])
            && !bucket.Contains("..", StringComparison.Ordinal);
        if (!valid)
        {
            throw new S3Exception(400, "InvalidBucketName", "The specified bucket is not valid: 3 to 63 characters of lowercase letters, digits, '.' and '-', starting and ending with a letter or digit.") { Details = [new("BucketName", bucket)] };
        }
    }

    private static void ValidateKey(string key)
    {
        if (Encoding.UTF8.GetByteCount(key) > 1024)
        {
            throw new S3Exception(400, "KeyTooLongError", "Your key is too long: at most 1,024 bytes of UTF-8.");
        }

        foreach (char c in key)
        {
            if (char.IsControl(c) || c == '\uFFFD' || c == '\uFFFE' || c == '\uFFFF')
            {
                throw S3Exception.InvalidArgument("Object keys with control characters (or bytes that are not UTF-8) are not supported by this gateway.");
            }
        }

        if (!IsWellFormed(key))
        {
            throw S3Exception.InvalidArgument("The object key is not well-formed UTF-8.");
        }
    }

    private static bool IsWellFormed(string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The bucket when the caller owns it: NoSuchBucket when absent, AccessDenied when another identity owns it.</summary>
    private BucketRecord OwnedBucket(S3Request r)
    {
        BucketRecord bucket = index.GetBucket(r.Bucket) ?? throw S3Exception.NoSuchBucket(r.Bucket);
        if (bucket.Owner != r.Owner)
        {
            throw S3Exception.AccessDenied("Access Denied: the bucket belongs to another access key's identity.");
        }

        return bucket;
    }

    private IContentManager ContentFor(S3Request r) => system.ContentFor(r.Auth.Key.Identity);
}
