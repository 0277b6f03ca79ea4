using System.Buffers;
using System.IO.Pipelines;
using System.Globalization;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Zhtp.Storage.Content;
using Zhtp.Storage.Dht;
using Zhtp.Storage.S3.Auth;
using Zhtp.Storage.S3.Index;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.S3.Http;

internal sealed partial class S3Handler
{
    private const int MaxXmlBody = 2 << 20;
    private static readonly string[] StoredHeaders = ["content-type", "content-encoding", "content-disposition", "content-language", "cache-control", "expires"];
    private static readonly string[] ResponseOverrides = ["content-type", "content-disposition", "cache-control", "content-encoding", "content-language", "expires"];

    private async Task PutObjectAsync(S3Request r, CancellationToken cancellationToken)
    {
        OwnedBucket(r);
        RequireSize(r.Auth.DecodedLength);
        (string contentId, long size, byte[] md5) = await StoreAsync(r, r.Auth.Body, r.Auth.DecodedLength, ContentMd5(r), cancellationToken).ConfigureAwait(false);
        string etag = Convert.ToHexStringLower(md5);
        await IndexAsync(r, new ObjectRecord(r.Bucket, r.Key, contentId, size, etag, time.GetUtcNow(), RequestHeaders(r.Context.Request))).ConfigureAwait(false);
        r.Context.Response.StatusCode = 200;
        r.Context.Response.Headers.ETag = S3Xml.Quoted(etag);
    }

    private async Task GetObjectAsync(S3Request r, CancellationToken cancellationToken)
    {
        OwnedBucket(r);
        ObjectRecord record = index.GetObject(r.Bucket, r.Key) ?? throw S3Exception.NoSuchKey(r.Key);
        HttpResponse response = r.Context.Response;
        (long start, long length)? range = ParseRange(r.Context.Request.Headers.Range.ToString(), record.Size);
        foreach (KeyValuePair<string, string> header in record.Headers)
        {
            response.Headers[header.Key] = header.Value;
        }

        foreach (string name in ResponseOverrides)
        {
            if (r.Get("response-" + name) is { } value)
            {
                response.Headers[name] = value;
            }
        }

        response.Headers.ETag = S3Xml.Quoted(record.ETag);
        response.Headers.LastModified = S3Xml.HttpDate(record.LastModified);
        response.Headers.AcceptRanges = "bytes";
        long offset = 0, count = record.Size;
        if (range is { } satisfiable)
        {
            (long s, long l) = satisfiable;
            offset = s;
            count = l;
            response.StatusCode = 206;
            response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {s}-{s + l - 1}/{record.Size}");
        }
        else
        {
            response.StatusCode = 200;
        }

        response.ContentLength = count;
        if (HttpMethods.IsHead(r.Context.Request.Method) || count == 0)
        {
            return;
        }

        if (range is null)
        {
            // The whole object: the content layer's parallel download (MaxSegmentsInFlight segments at once, BLAKE3
            // checked at the end) straight into the response. A failure after the first byte aborts the connection,
            // so the client sees a short body, never a wrong one.
            await ContentFor(r).DownloadToPipeAsync(ContentId.Parse(record.ContentId), response.BodyWriter, null, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        Stream content = await ContentFor(r).OpenReadAsync(ContentId.Parse(record.ContentId), null, cancellationToken).ConfigureAwait(false);
        await using (content.ConfigureAwait(false))
        {
            if (offset > 0)
            {
                content.Seek(offset, SeekOrigin.Begin);
            }

            // The content stream decrypts each segment into its own buffer and copies the asked part out: read straight
            // into the response pipe's memory (one copy, up to a segment per write) instead of through a buffer of ours.
            PipeWriter writer = response.BodyWriter;
            long left = count;
            while (left > 0)
            {
                Memory<byte> memory = writer.GetMemory((int)Math.Min(CopyBuffer, left));
                int read = await content.ReadAsync(memory[..(int)Math.Min(memory.Length, left)], cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException($"The content of {r.Bucket}/{r.Key} ended {left:N0} bytes early.");
                }

                writer.Advance(read);
                left -= read;
                FlushResult flushed = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    return; // the client went away
                }
            }
        }
    }

    private async Task DeleteObjectAsync(S3Request r, CancellationToken cancellationToken)
    {
        OwnedBucket(r);
        if (index.DeleteObject(r.Bucket, r.Key) is { } removed)
        {
            await DeleteContentAsync(r, removed.ContentId).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        r.Context.Response.StatusCode = 204;
    }

    private async Task DeleteObjectsAsync(S3Request r, CancellationToken cancellationToken)
    {
        OwnedBucket(r);
        XElement root = await ReadXmlAsync(r, cancellationToken).ConfigureAwait(false);
        bool quiet = string.Equals(Child(root, "Quiet")?.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        List<string> keys = root.Elements().Where(e => e.Name.LocalName == "Object").Select(o => Child(o, "Key")?.Value ?? "").ToList();
        if (keys.Count is 0 or > 1000)
        {
            throw S3Exception.MalformedXml($"Delete must name 1 to 1,000 objects, named {keys.Count}.");
        }

        var deleted = new List<string>();
        var errors = new List<(string Key, string Code, string Message)>();
        foreach (string key in keys)
        {
            try
            {
                ValidateKey(key);
                if (key.Length == 0)
                {
                    throw S3Exception.InvalidArgument("An object key is empty.");
                }

                if (index.DeleteObject(r.Bucket, key) is { } removed)
                {
                    await DeleteContentAsync(r, removed.ContentId).ConfigureAwait(false);
                }

                deleted.Add(key);
            }
            catch (S3Exception e)
            {
                errors.Add((key, e.Code, e.Message));
            }
        }

        await S3Xml.WriteAsync(r.Context.Response, 200, "DeleteResult", w =>
        {
            if (!quiet)
            {
                foreach (string key in deleted)
                {
                    w.WriteStartElement("Deleted");
                    w.Element("Key", key);
                    w.WriteEndElement();
                }
            }

            foreach ((string key, string code, string message) in errors)
            {
                w.WriteStartElement("Error");
                w.Element("Key", key);
                w.Element("Code", code);
                w.Element("Message", message);
                w.WriteEndElement();
            }
        }).ConfigureAwait(false);
    }

    private async Task CopyObjectAsync(S3Request r, CancellationToken cancellationToken)
    {
        OwnedBucket(r);
        string source = SigV4.PercentDecode(r.Context.Request.Headers["x-amz-copy-source"].ToString(), plusIsSpace: false);
        int question = source.IndexOf("?versionId=", StringComparison.Ordinal);
        if (question >= 0)
        {
            source = source[..question];
        }

        source = source.TrimStart('/');
        int slash = source.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == source.Length - 1)
        {
            throw S3Exception.InvalidArgument("x-amz-copy-source must be bucket/key (URL-encoded).");
        }

        string sourceBucket = source[..slash];
        string sourceKey = source[(slash + 1)..];
        ValidateBucketName(sourceBucket);
        ValidateKey(sourceKey);
        OwnedBucket(r with { Bucket = sourceBucket });
        ObjectRecord original = index.GetObject(sourceBucket, sourceKey) ?? throw S3Exception.NoSuchKey(sourceKey);
        string directive = r.Context.Request.Headers["x-amz-metadata-directive"].ToString();
        IReadOnlyDictionary<string, string> headers = string.Equals(directive, "REPLACE", StringComparison.OrdinalIgnoreCase) ? RequestHeaders(r.Context.Request) : original.Headers;

        // Read the copied body to its end so the request's own payload check runs (it is empty).
        await r.Auth.Body.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        IContentManager manager = ContentFor(r);
        Stream content = await manager.OpenReadAsync(ContentId.Parse(original.ContentId), null, cancellationToken).ConfigureAwait(false);
        string contentId;
        long size;
        byte[] md5;
        await using (content.ConfigureAwait(false))
        {
            (contentId, size, md5) = await StoreAsync(r, content, original.Size, null, cancellationToken).ConfigureAwait(false);
        }

        var record = new ObjectRecord(r.Bucket, r.Key, contentId, size, Convert.ToHexStringLower(md5), time.GetUtcNow(), headers);
        await IndexAsync(r, record).ConfigureAwait(false);
        await S3Xml.WriteAsync(r.Context.Response, 200, "CopyObjectResult", w =>
        {
            w.Element("LastModified", S3Xml.IsoDate(record.LastModified));
            w.Element("ETag", S3Xml.Quoted(record.ETag));
        }).ConfigureAwait(false);
    }

    /// <summary>Uploads <paramref name="source"/> as new content of the caller's identity; returns its id, size and MD5.</summary>
    private async Task<(string ContentId, long Size, byte[] Md5)> StoreAsync(S3Request r, Stream source, long? expectedLength, string? contentMd5, CancellationToken cancellationToken)
    {
        using var body = new ObjectBodyStream(source, expectedLength, contentMd5);
        ContentReceipt receipt = await ContentFor(r).UploadAsync(body, UploadOptions(), cancellationToken).ConfigureAwait(false);
        return (receipt.Id.ToString(), body.Count, body.Digest);
    }

    /// <summary>How objects are stored: the configured encryption, Private to the access key's identity, no file name or media type (the DHT learns neither).</summary>
    private ContentUploadOptions UploadOptions() => new()
    {
        Encryption = options.Encryption,
        Metadata = new ContentMetadata { Access = AccessLevel.Private },
    };

    /// <summary>Makes <paramref name="record"/> the bucket's object under its key, then deletes the content it replaced.</summary>
    private async Task IndexAsync(S3Request r, ObjectRecord record)
    {
        if (index.PutObject(record) is { } replaced && replaced != record.ContentId)
        {
            await DeleteContentAsync(r, replaced).ConfigureAwait(false);
        }
    }

    private async Task DeleteContentAsync(S3Request r, string contentId)
    {
        try
        {
            await ContentFor(r).DeleteAsync(ContentId.Parse(contentId), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ContentException or DhtException or IOException)
        {
            Log.ContentNotDeleted(logger, contentId, e);
        }
    }

    private void RequireSize(long? length)
    {
        if (length > options.MaxPutSize)
        {
            throw new S3Exception(400, "EntityTooLarge", $"Your proposed upload exceeds the maximum allowed size of {options.MaxPutSize:N0} bytes for one PUT; use multipart upload.");
        }
    }

    private static string? ContentMd5(S3Request r) => r.Context.Request.Headers["Content-MD5"].ToString() is { Length: > 0 } md5 ? md5 : null;

    /// <summary>The headers an object keeps from its PUT: the standard ones S3 returns and every x-amz-meta-*.</summary>
    private static Dictionary<string, string> RequestHeaders(HttpRequest request)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in StoredHeaders)
        {
            if (request.Headers[name].ToString() is { Length: > 0 } value)
            {
                headers[name] = value;
            }
        }

        if (headers.TryGetValue("content-encoding", out string? encoding))
        {
            string rest = string.Join(',', encoding.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(e => !e.Equals("aws-chunked", StringComparison.OrdinalIgnoreCase)));
            if (rest.Length == 0)
            {
                headers.Remove("content-encoding");
            }
            else
            {
                headers["content-encoding"] = rest;
            }
        }

        headers.TryAdd("content-type", "binary/octet-stream");
        foreach (KeyValuePair<string, StringValues> header in request.Headers)
        {
            if (header.Key.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase))
            {
                headers[header.Key.ToLowerInvariant()] = header.Value.ToString();
            }
        }

        return headers;
    }

    /// <summary>The single byte range of a Range header, or null to send the whole object (no header, another unit, several ranges, bad syntax).</summary>
    /// <exception cref="S3Exception">InvalidRange (416): the range starts beyond the object.</exception>
    internal static (long Start, long Length)? ParseRange(string header, long size)
    {
        if (!header.StartsWith("bytes=", StringComparison.Ordinal) || header.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }

        string spec = header[6..].Trim();
        int dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return null;
        }

        string first = spec[..dash].Trim(), last = spec[(dash + 1)..].Trim();
        S3Exception Invalid() => new(416, "InvalidRange", "The requested range is not satisfiable.") { Details = [new("RangeRequested", header), new("ActualObjectSize", size.ToString(CultureInfo.InvariantCulture))] };
        if (first.Length == 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out long suffix))
            {
                return null;
            }

            if (suffix == 0 || size == 0)
            {
                throw Invalid();
            }

            long n = Math.Min(suffix, size);
            return (size - n, n);
        }

        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out long start))
        {
            return null;
        }

        long end = size - 1;
        if (last.Length > 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out end) || end < start)
            {
                return null;
            }
        }

        if (start >= size)
        {
            throw Invalid();
        }

        end = Math.Min(end, size - 1);
        return (start, end - start + 1);
    }

    /// <summary>Reads a small XML body (at most 2 MiB) with DTDs refused; MalformedXML when it does not parse.</summary>
    private static async Task<XElement> ReadXmlAsync(S3Request r, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[64 * 1024];
        int read;
        while ((read = await r.Auth.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxXmlBody)
            {
                throw S3Exception.MalformedXml("the body is larger than 2 MiB.");
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        try
        {
            using var reader = System.Xml.XmlReader.Create(buffer, new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit, XmlResolver = null });
            return XDocument.Load(reader).Root ?? throw S3Exception.MalformedXml("the document is empty.");
        }
        catch (System.Xml.XmlException e)
        {
            throw S3Exception.MalformedXml(e.Message);
        }
    }

    private static XElement? Child(XElement element, string name) => element.Elements().FirstOrDefault(e => e.Name.LocalName == name);
}
