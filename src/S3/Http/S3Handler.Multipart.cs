using Microsoft.AspNetCore.Http;
using System.Globalization;
using System.Security.Cryptography;
using System.Xml.Linq;
using Zhtp.Storage.S3.Index;
using Zhtp.Storage.S3.Multipart;

namespace Zhtp.Storage.S3.Http;

internal sealed partial class S3Handler
{
    private const int MaxPartNumber = 10_000;

    /// <summary>How many multipart uploads are assembled while their parts arrive; more uploads are stored at Complete.</summary>
    private const int MaxAssemblers = 8;

    /// <summary>
    /// An assembly whose upload has had no part for this long gives up its slot when a new upload needs one (an upload
    /// that is never completed or aborted would otherwise hold it, and its parts' memory, until the gateway stops).
    /// </summary>
    internal static readonly TimeSpan AssemblyIdleTimeout = TimeSpan.FromMinutes(10);

    /// <summary>How often a CompleteMultipartUpload still storing its object sends a space to keep the client waiting.</summary>
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(5);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, PartAssembler> _assemblers = new(StringComparer.Ordinal);
    private bool _disposed;
    private long _assembled;
    private long _assemblyFallbacks;
    private long _assembliesEvicted;
    private long _staleUploadsAborted;

    /// <summary>Incomplete uploads aborted because they outlived <see cref="S3GatewayOptions.StaleUploadLifetime"/>.</summary>
    internal long StaleUploadsAborted => Interlocked.Read(ref _staleUploadsAborted);

    /// <summary>Assemblies dropped because their upload was idle for <see cref="AssemblyIdleTimeout"/> and a new upload needed the slot.</summary>
    internal long AssembliesEvicted => Interlocked.Read(ref _assembliesEvicted);

    /// <summary>Completed uploads whose object was the assembled content (for tests and diagnostics).</summary>
    internal long AssembledUploads => Interlocked.Read(ref _assembled);

    /// <summary>Completed uploads stored again from the part files because the assembly did not match.</summary>
    internal long AssemblyFallbacks => Interlocked.Read(ref _assemblyFallbacks);

    /// <summary>Bytes of parts held in memory for their assemblers now (0 once every upload completed or aborted).</summary>
    internal long BufferedPartBytes => parts.BufferedBytes;

    /// <summary>Part files opened for reading so far (parts not handed over in memory).</summary>
    internal long PartFilesRead => parts.FilesOpened;

    private async Task CreateMultipartUploadAsync(S3Request r)
    {
        OwnedBucket(r);
        await AbortStaleUploadsAsync().ConfigureAwait(false);
        string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        index.CreateUpload(new UploadRecord(id, r.Bucket, r.Key, r.Owner, time.GetUtcNow(), RequestHeaders(r.Context.Request)));
        await S3Xml.WriteAsync(r.Context.Response, 200, "InitiateMultipartUploadResult", w =>
        {
            w.Element("Bucket", r.Bucket);
            w.Element("Key", r.Key);
            w.Element("UploadId", id);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Aborts every upload older than <see cref="S3GatewayOptions.StaleUploadLifetime"/> with no part written within it:
    /// its index records, its assembly (which never reached a Complete, so nothing of it was acknowledged) and its part files.
    /// </summary>
    internal async Task AbortStaleUploadsAsync()
    {
        if (options.StaleUploadLifetime is not { } lifetime)
        {
            return;
        }

        DateTimeOffset cutoff = time.GetUtcNow() - lifetime;
        foreach (string id in index.ListStaleUploadIds(cutoff))
        {
            if (!index.DeleteUpload(id))
            {
                continue; // completed or aborted meanwhile
            }

            if (_assemblers.TryRemove(id, out PartAssembler? assembler))
            {
                await assembler.DisposeAsync().ConfigureAwait(false);
            }

            parts.Delete(id);
            Interlocked.Increment(ref _staleUploadsAborted);
            Log.StaleUploadAborted(logger, id, lifetime);
        }
    }

    private async Task UploadPartAsync(S3Request r, CancellationToken cancellationToken)
    {
        UploadRecord upload = OwnedUpload(r);
        if (!int.TryParse(r.Get("partNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number is < 1 or > MaxPartNumber)
        {
            throw S3Exception.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive.");
        }

        RequireSize(r.Auth.DecodedLength);
        using var body = new ObjectBodyStream(r.Auth.Body, r.Auth.DecodedLength, ContentMd5(r));
        PartAssembler? assembler = await AssemblerForAsync(r, upload.Id).ConfigureAwait(false);
        PartBuffer? buffer = await parts.WriteAsync(upload.Id, number, body, keep: assembler is not null, cancellationToken).ConfigureAwait(false);
        string etag = Convert.ToHexStringLower(body.Digest);
        try
        {
            if (index.GetUpload(upload.Id) is null)
            {
                // Completed or aborted while the part was arriving.
                throw S3Exception.NoSuchUpload(upload.Id);
            }

            index.PutPart(upload.Id, new PartRecord(number, etag, body.Count, time.GetUtcNow()));
        }
        catch
        {
            buffer?.Release();
            throw;
        }

        if (assembler is not null)
        {
            assembler.PartWritten(number, buffer);
        }
        else
        {
            buffer?.Release();
        }
        r.Context.Response.StatusCode = 200;
        r.Context.Response.Headers.ETag = S3Xml.Quoted(etag);
    }

    private async Task CompleteMultipartUploadAsync(S3Request r, CancellationToken cancellationToken)
    {
        UploadRecord upload = OwnedUpload(r);
        XElement root = await ReadXmlAsync(r, cancellationToken).ConfigureAwait(false);
        var requested = new List<(int Number, string ETag)>();
        foreach (XElement part in root.Elements().Where(e => e.Name.LocalName == "Part"))
        {
            if (!int.TryParse(Child(part, "PartNumber")?.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int number))
            {
                throw S3Exception.MalformedXml("every Part needs a PartNumber.");
            }

            requested.Add((number, (Child(part, "ETag")?.Value ?? "").Trim().Trim('"')));
        }

        if (requested.Count == 0)
        {
            throw S3Exception.MalformedXml("CompleteMultipartUpload names no Part.");
        }

        for (int i = 1; i < requested.Count; i++)
        {
            if (requested[i].Number <= requested[i - 1].Number)
            {
                throw new S3Exception(400, "InvalidPartOrder", "The list of parts was not in ascending order. The parts list must be specified in order by part number.");
            }
        }

        Dictionary<int, PartRecord> stored = index.ListParts(upload.Id).ToDictionary(p => p.Number);
        var chosen = new List<PartRecord>(requested.Count);
        foreach ((int number, string etag) in requested)
        {
            if (!stored.TryGetValue(number, out PartRecord? part) || !string.Equals(part.ETag, etag, StringComparison.OrdinalIgnoreCase))
            {
                throw new S3Exception(400, "InvalidPart", $"One or more of the specified parts could not be found or its ETag did not match: part {number}.") { Details = [new("PartNumber", number.ToString(CultureInfo.InvariantCulture)), new("ETag", etag)] };
            }

            chosen.Add(part);
        }

        for (int i = 0; i < chosen.Count - 1; i++)
        {
            if (chosen[i].Size < options.MinPartSize)
            {
                throw new S3Exception(400, "EntityTooSmall", $"Your proposed upload is smaller than the minimum allowed object size: part {chosen[i].Number} has {chosen[i].Size:N0} bytes; every part but the last needs {options.MinPartSize:N0}.") { Details = [new("PartNumber", chosen[i].Number.ToString(CultureInfo.InvariantCulture))] };
            }
        }

        // Storing the object can outlast a client's read timeout (awscli: 60 s), so, as S3 does, the answer starts now:
        // 200, the XML declaration, a space every few seconds while the object is stored, then the result — or an Error
        // document, which the SDKs look for in a 200 answer to CompleteMultipartUpload.
        Task<string> storing = StoreCompletedAsync(r, upload, requested, chosen, cancellationToken);
        HttpResponse response = r.Context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/xml";
        await response.Body.WriteAsync(S3Xml.Declaration, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        while (await Task.WhenAny(storing, Task.Delay(KeepAliveInterval, time, cancellationToken)).ConfigureAwait(false) != storing)
        {
            await response.Body.WriteAsync(" "u8.ToArray(), cancellationToken).ConfigureAwait(false);
            await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        byte[] result;
        try
        {
            string finalEtag = await storing.ConfigureAwait(false);
            string location = $"{r.Context.Request.Scheme}://{r.Context.Request.Host}/{upload.Bucket}/{Auth.SigV4.UriEncode(upload.Key, encodeSlash: false)}";
            result = S3Xml.Render("CompleteMultipartUploadResult", w =>
            {
                w.Element("Location", location);
                w.Element("Bucket", upload.Bucket);
                w.Element("Key", upload.Key);
                w.Element("ETag", S3Xml.Quoted(finalEtag));
            }, withNamespace: true, declaration: false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            S3Exception error = Translate(e);
            if (error.Status == 500)
            {
                Log.RequestFailed(logger, r.Context.Request.Method, $"/{upload.Bucket}/{upload.Key}", e);
            }

            result = S3Xml.Render("Error", w =>
            {
                w.Element("Code", error.Code);
                w.Element("Message", error.Message);
                w.Element("RequestId", r.Context.TraceIdentifier);
            }, withNamespace: false, declaration: false);
        }

        await response.Body.WriteAsync(result, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores the named parts as the object (the assembled content when it matches, else from the part files), makes the key visible, and returns its ETag.</summary>
    private async Task<string> StoreCompletedAsync(S3Request r, UploadRecord upload, IReadOnlyList<(int Number, string ETag)> requested, List<PartRecord> chosen, CancellationToken cancellationToken)
    {
        long total = chosen.Sum(p => p.Size);
        string contentId;
        long size;
        if (await FinishAssemblyAsync(r, upload.Id, requested, cancellationToken).ConfigureAwait(false) is { } assembled && assembled.Size == total)
        {
            (contentId, size) = (assembled.ContentId, assembled.Size);
        }
        else
        {
            using var stream = new PartsStream(parts, upload.Id, chosen.Select(p => p.Number).ToList());
            (contentId, size, _) = await StoreAsync(r, stream, total, null, cancellationToken).ConfigureAwait(false);
        }

        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        foreach (PartRecord part in chosen)
        {
            md5.AppendData(Convert.FromHexString(part.ETag));
        }

        string finalEtag = Convert.ToHexStringLower(md5.GetHashAndReset()) + "-" + chosen.Count.ToString(CultureInfo.InvariantCulture);
        if (!index.DeleteUpload(upload.Id))
        {
            // Aborted (or completed by a concurrent request) while the object was being stored: do not make it visible.
            await DeleteContentAsync(r, contentId).ConfigureAwait(false);
            throw S3Exception.NoSuchUpload(upload.Id);
        }

        await IndexAsync(r, new ObjectRecord(upload.Bucket, upload.Key, contentId, size, finalEtag, time.GetUtcNow(), upload.Headers)).ConfigureAwait(false);
        parts.Delete(upload.Id);
        return finalEtag;
    }

    private async Task AbortMultipartUploadAsync(S3Request r)
    {
        UploadRecord upload = OwnedUpload(r);
        index.DeleteUpload(upload.Id);
        await DropAssemblyAsync(r, upload.Id).ConfigureAwait(false);
        parts.Delete(upload.Id);
        r.Context.Response.StatusCode = 204;
    }

    /// <summary>
    /// The assembler streaming this upload's parts into content as they arrive; started with its first part while fewer
    /// than <see cref="MaxAssemblers"/> run, taking the slot of the longest-idle assembly when every slot is held and
    /// that one has had no part for <see cref="AssemblyIdleTimeout"/>. An evicted upload stays valid: Complete stores
    /// it from its part files. Its assembly never reached a Complete, so its content upload never finished: nothing of
    /// it was acknowledged, and the shards it stored are named by no manifest and age out.
    /// </summary>
    private async Task<PartAssembler?> AssemblerForAsync(S3Request r, string uploadId)
    {
        DateTimeOffset now = time.GetUtcNow();
        if (_assemblers.TryGetValue(uploadId, out PartAssembler? existing))
        {
            existing.LastPart = now;
            return existing;
        }

        PartAssembler? evicted = null;
        PartAssembler? created = null;
        lock (_assemblers)
        {
            if (_assemblers.TryGetValue(uploadId, out existing))
            {
                existing.LastPart = now;
                return existing;
            }

            if (_assemblers.Count >= MaxAssemblers && !_disposed
                && _assemblers.MinBy(a => a.Value.LastPart) is { Value.LastPart: var idleSince } idlest && now - idleSince >= AssemblyIdleTimeout
                && _assemblers.TryRemove(idlest.Key, out evicted))
            {
                Interlocked.Increment(ref _assembliesEvicted);
                Log.AssemblyEvicted(logger, idlest.Key, now - idleSince);
            }

            if (_assemblers.Count < MaxAssemblers && !_disposed)
            {
                created = new PartAssembler(parts, uploadId, ContentFor(r), UploadOptions()) { LastPart = now };
                _assemblers[uploadId] = created;
            }
        }

        if (evicted is not null)
        {
            await evicted.DisposeAsync().ConfigureAwait(false);
        }

        return created;
    }

    /// <summary>The assembled content when it is exactly the parts Complete named; null to store from the part files.</summary>
    private async Task<(string ContentId, long Size)?> FinishAssemblyAsync(S3Request r, string uploadId, IReadOnlyList<(int Number, string ETag)> requested, CancellationToken cancellationToken)
    {
        if (!_assemblers.TryRemove(uploadId, out PartAssembler? assembler))
        {
            return null;
        }

        await using (assembler.ConfigureAwait(false))
        {
            if (await assembler.TryFinishAsync(requested, cancellationToken).ConfigureAwait(false) is { } done)
            {
                Interlocked.Increment(ref _assembled);
                return (done.Receipt.Id.ToString(), done.Size);
            }
        }

        Interlocked.Increment(ref _assemblyFallbacks);
        Log.AssemblyNotUsed(logger, uploadId, assembler.Outcome);

        if (assembler.Unused is { } unused)
        {
            await DeleteContentAsync(r, unused.Id.ToString()).ConfigureAwait(false);
        }

        return null;
    }

    private async Task DropAssemblyAsync(S3Request r, string uploadId)
    {
        if (_assemblers.TryRemove(uploadId, out PartAssembler? assembler))
        {
            await assembler.DisposeAsync().ConfigureAwait(false);
            if (assembler.Unused is { } unused)
            {
                await DeleteContentAsync(r, unused.Id.ToString()).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Stops every assembly (the gateway is stopping); what they stored is named by no manifest and ages out.</summary>
    public async ValueTask DisposeAsync()
    {
        List<PartAssembler> running;
        lock (_assemblers)
        {
            _disposed = true;
            running = [.. _assemblers.Values];
            _assemblers.Clear();
        }

        foreach (PartAssembler assembler in running)
        {
            await assembler.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Task ListPartsAsync(S3Request r)
    {
        UploadRecord upload = OwnedUpload(r);
        int maxParts = int.TryParse(r.Get("max-parts"), NumberStyles.None, CultureInfo.InvariantCulture, out int m) ? Math.Clamp(m, 0, 1000) : 1000;
        int marker = int.TryParse(r.Get("part-number-marker"), NumberStyles.None, CultureInfo.InvariantCulture, out int k) ? k : 0;
        List<PartRecord> all = index.ListParts(upload.Id).Where(p => p.Number > marker).ToList();
        List<PartRecord> page = all.Take(maxParts).ToList();
        bool truncated = all.Count > page.Count;
        return S3Xml.WriteAsync(r.Context.Response, 200, "ListPartsResult", w =>
        {
            w.Element("Bucket", upload.Bucket);
            w.Element("Key", upload.Key);
            w.Element("UploadId", upload.Id);
            w.Element("PartNumberMarker", marker);
            w.Element("NextPartNumberMarker", page.Count > 0 ? page[^1].Number : marker);
            w.Element("MaxParts", maxParts);
            w.Element("IsTruncated", truncated);
            WriteInitiator(w, upload.Owner);
            w.Element("StorageClass", "STANDARD");
            foreach (PartRecord part in page)
            {
                w.WriteStartElement("Part");
                w.Element("PartNumber", part.Number);
                w.Element("LastModified", S3Xml.IsoDate(part.LastModified));
                w.Element("ETag", S3Xml.Quoted(part.ETag));
                w.Element("Size", part.Size);
                w.WriteEndElement();
            }
        });
    }

    private Task ListMultipartUploadsAsync(S3Request r)
    {
        OwnedBucket(r);
        string prefix = r.Get("prefix") ?? "";
        int maxUploads = int.TryParse(r.Get("max-uploads"), NumberStyles.None, CultureInfo.InvariantCulture, out int m) ? Math.Clamp(m, 0, 1000) : 1000;
        IReadOnlyList<UploadRecord> uploads = index.ListUploads(r.Bucket, prefix, maxUploads + 1);
        bool truncated = uploads.Count > maxUploads;
        return S3Xml.WriteAsync(r.Context.Response, 200, "ListMultipartUploadsResult", w =>
        {
            w.Element("Bucket", r.Bucket);
            w.Element("KeyMarker", "");
            w.Element("UploadIdMarker", "");
            w.Element("Prefix", prefix);
            w.Element("MaxUploads", maxUploads);
            w.Element("IsTruncated", truncated);
            foreach (UploadRecord upload in uploads.Take(maxUploads))
            {
                w.WriteStartElement("Upload");
                w.Element("Key", upload.Key);
                w.Element("UploadId", upload.Id);
                WriteInitiator(w, upload.Owner);
                w.Element("StorageClass", "STANDARD");
                w.Element("Initiated", S3Xml.IsoDate(upload.Initiated));
                w.WriteEndElement();
            }
        });
    }

    /// <summary>The upload named by ?uploadId= for this bucket and key, when the caller started it.</summary>
    private UploadRecord OwnedUpload(S3Request r)
    {
        OwnedBucket(r);
        string id = r.Get("uploadId") ?? "";
        UploadRecord upload = (PartStore.IsUploadId(id) ? index.GetUpload(id) : null) ?? throw S3Exception.NoSuchUpload(id);
        if (upload.Bucket != r.Bucket || upload.Key != r.Key)
        {
            throw S3Exception.NoSuchUpload(id);
        }

        if (upload.Owner != r.Owner)
        {
            throw S3Exception.AccessDenied("Access Denied: another access key's identity started this upload.");
        }

        return upload;
    }

    private static void WriteInitiator(System.Xml.XmlWriter w, string owner)
    {
        w.WriteStartElement("Initiator");
        w.Element("ID", owner);
        w.Element("DisplayName", owner);
        w.WriteEndElement();
        WriteOwner(w, owner);
    }
}
