using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Zhtp.Storage.Content;
using Zhtp.Storage.Http.Auth;
using Zhtp.Storage.Unified;

namespace Zhtp.Storage.Http.Endpoints;

/// <summary><c>/api/v1/content</c>: upload, new versions (If-Match), download (Range, ETag), delete, listing and search, versions.</summary>
internal static class ContentEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        RouteGroupBuilder content = api.MapGroup("/api/v1/content").WithTags("content");
        content.MapPost("", UploadAsync).RequireAuthorization(ZhtpApiScopes.Write)
            .Accepts<Stream>(true, "application/octet-stream", "*/*").Produces<ReceiptModel>(StatusCodes.Status201Created).ProducesProblem(400).ProducesProblem(413)
            .WithSummary("Upload content: the body is streamed into the content manager; metadata in X-Zhtp-* headers or the query.");
        content.MapGet("", ListAsync).RequireAuthorization(ZhtpApiScopes.Read).Produces<ContentPageModel>()
            .WithSummary("List the caller's content, or search (q, tag, type, owner, network) with paging (limit, cursor).");
        content.MapMethods("/{id}", [HttpMethods.Get, HttpMethods.Head], DownloadAsync).RequireAuthorization(ZhtpApiScopes.Read)
            .Produces(200, contentType: "application/octet-stream").Produces(206).Produces(304).ProducesProblem(403).ProducesProblem(404).ProducesProblem(416)
            .WithSummary("Download a version (latest, or ?version=N) with Range, ETag and If-None-Match.");
        content.MapPut("/{id}", UpdateAsync).RequireAuthorization(ZhtpApiScopes.Write)
            .Accepts<Stream>(true, "application/octet-stream", "*/*").Produces<ReceiptModel>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(412).ProducesProblem(413)
            .WithSummary("Store a new version of content the caller owns: the body is streamed; metadata given in X-Zhtp-* headers or the query replaces those fields, the rest carries over; If-Match makes it conditional on the latest version.");
        content.MapDelete("/{id}", DeleteAsync).RequireAuthorization(ZhtpApiScopes.Write).Produces(204).ProducesProblem(403).ProducesProblem(404)
            .WithSummary("Delete content (owner only): a signed tombstone; no version resolves afterwards.");
        content.MapGet("/{id}/versions", VersionsAsync).RequireAuthorization(ZhtpApiScopes.Read).Produces<IReadOnlyList<VersionModel>>().ProducesProblem(404)
            .WithSummary("Every version, oldest first.");
    }

    /// <exception cref="FormatException">The id is not 64 hex or 52 base32 characters.</exception>
    internal static ContentId ParseId(string text) =>
        ContentId.TryParse(text, out ContentId id) ? id : throw new FormatException($"'{text}' is not a content id: expected 64 hex or 52 base32 characters.");

    private static async Task<IResult> UploadAsync(HttpContext context, ApiCaller caller, IUnifiedStorageSystem system)
    {
        ContentUploadOptions options = UploadRequest.Parse(context.Request);
        if (TooLarge(context, system) is { } tooLarge)
        {
            return tooLarge;
        }

        ContentReceipt receipt = await caller.ContentFor(context).UploadAsync(context.Request.Body, WithDefaultEncryption(options, system), context.RequestAborted).ConfigureAwait(false);
        return Results.Created($"/api/v1/content/{receipt.Id}", ReceiptModel.From(receipt));
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, string id, ApiCaller caller, IUnifiedStorageSystem system)
    {
        ContentId contentId = ParseId(id);
        if (TooLarge(context, system) is { } tooLarge)
        {
            return tooLarge;
        }

        IContentManager content = caller.ContentFor(context);
        ContentLookup lookup = await content.GetMetadataAsync(contentId, null, context.RequestAborted).ConfigureAwait(false);
        ContentInfo current = lookup.Info ?? throw new ContentNotFoundException(contentId, lookup.NotFound);
        string currentTag = $"\"{contentId}.{current.Version}\"";
        if (context.Request.Headers.IfMatch.Count > 0 && !IfMatches(context.Request.Headers.IfMatch, currentTag))
        {
            context.Response.Headers.ETag = currentTag;
            return Results.Problem(
                statusCode: StatusCodes.Status412PreconditionFailed, title: "Precondition Failed",
                detail: $"If-Match names {context.Request.Headers.IfMatch} but the latest version is {current.Version} (ETag {currentTag}); nothing was stored. Fetch the latest version and retry.");
        }

        ContentUploadOptions options = WithDefaultEncryption(UploadRequest.ParseUpdate(context.Request, current.Metadata), system);
        ContentReceipt receipt = await content.UpdateAsync(contentId, context.Request.Body, options, context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers.ETag = $"\"{receipt.Id}.{receipt.Version}\"";
        return Results.Ok(ReceiptModel.From(receipt));
    }

    /// <summary>413 when the declared body exceeds the node's <c>MaxContentSize</c> (before anything is read), else null.</summary>
    private static IResult? TooLarge(HttpContext context, IUnifiedStorageSystem system)
    {
        long max = system.GetConfig().Content.MaxContentSize;
        return context.Request.ContentLength > max
            ? Results.Problem(statusCode: 413, title: "Payload Too Large", detail: $"The body of {context.Request.ContentLength:N0} bytes exceeds the node's MaxContentSize ({max:N0} bytes); nothing was stored.")
            : null;
    }

    /// <summary>Without an explicit encryption level: none for Public content, the node's default otherwise.</summary>
    private static ContentUploadOptions WithDefaultEncryption(ContentUploadOptions options, IUnifiedStorageSystem system) =>
        options.Encryption is not null
            ? options
            : options with { Encryption = options.Metadata.Access == Types.AccessLevel.Public ? Types.EncryptionLevel.None : system.GetConfig().Content.DefaultEncryption };

    /// <summary>RFC 9110 §13.1.1: <c>*</c> or a list of entity tags, compared strongly (a weak tag never matches).</summary>
    private static bool IfMatches(Microsoft.Extensions.Primitives.StringValues ifMatch, string currentTag)
    {
        foreach (string? value in ifMatch)
        {
            foreach (string tag in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (tag == "*" || tag == currentTag)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static async Task<IResult> ListAsync(HttpContext context, ApiCaller caller, ZhtpApiOptions options)
    {
        IQueryCollection query = context.Request.Query;
        int limit = Paging.Limit(query["limit"], options.MaxPageSize);
        int offset = Paging.Decode(query["cursor"]);
        IContentManager content = caller.ContentFor(context);
        string? text = query["q"].FirstOrDefault();
        string? tag = query["tag"].FirstOrDefault();
        string? type = query["type"].FirstOrDefault();
        string? owner = query["owner"].FirstOrDefault();
        bool search = !string.IsNullOrWhiteSpace(text) || !string.IsNullOrWhiteSpace(tag) || !string.IsNullOrWhiteSpace(type) || !string.IsNullOrWhiteSpace(owner);
        bool network = string.Equals(query["network"].FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase);
        var request = new ContentSearchQuery
        {
            Text = NullIfBlank(text),
            Tag = NullIfBlank(tag),
            ContentType = NullIfBlank(type),
            Owner = search ? NullIfBlank(owner) : content.OwnerId,
            IncludeNetwork = network,
            Skip = offset,
            Take = limit,
        };
        IReadOnlyList<ContentSearchHit> hits = await content.SearchAsync(request, context.RequestAborted).ConfigureAwait(false);
        return Results.Ok(new ContentPageModel([.. hits.Select(ContentItemModel.From)], hits.Count >= limit ? Paging.Encode(offset + hits.Count) : null));
    }

    /// <summary>
    /// Opens <paramref name="id"/> (the latest or <paramref name="version"/>) with one head lookup: the stream resolved the
    /// version, or threw <see cref="ContentNotFoundException"/> (unknown, deleted, no such version). Falls back to
    /// <see cref="IContentManager.GetMetadataAsync"/> only for a manager whose stream is not an <see cref="IOpenedContent"/>.
    /// </summary>
    internal static async Task<(Stream Stream, ContentInfo Info)> OpenWithInfoAsync(IContentManager content, ContentId id, ulong? version, CancellationToken cancellationToken)
    {
        Stream stream = await content.OpenReadAsync(id, version, cancellationToken).ConfigureAwait(false);
        if (stream is IOpenedContent opened)
        {
            return (stream, opened.Info);
        }

        ContentLookup lookup = await content.GetMetadataAsync(id, version, cancellationToken).ConfigureAwait(false);
        if (lookup.Info is null)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw new ContentNotFoundException(id, lookup.NotFound);
        }

        return (stream, lookup.Info);
    }

    private static async Task<IResult> DownloadAsync(HttpContext context, string id, ApiCaller caller)
    {
        ContentId contentId = ParseId(id);
        ulong? version = ParseVersion(context.Request.Query["version"].FirstOrDefault());
        IContentManager content = caller.ContentFor(context);
        (Stream stream, ContentInfo info) = await OpenWithInfoAsync(content, contentId, version, context.RequestAborted).ConfigureAwait(false);

        context.Response.Headers["X-Zhtp-Version"] = info.Version.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.AcceptRanges = "bytes";
        if (RangeCheck.IsMalformed(context.Request.Headers.Range))
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            context.Response.Headers.ContentRange = $"bytes */{info.Length}";
            return Results.Problem(statusCode: 416, title: "Range Not Satisfiable", detail: $"The Range header '{context.Request.Headers.Range}' is not a valid bytes range (RFC 9110 §14.1.2: bytes=FIRST-LAST, bytes=FIRST- or bytes=-SUFFIX); the content has {info.Length:N0} bytes.");
        }

        if (RangeCheck.IsOtherUnit(context.Request.Headers.Range))
        {
            context.Request.Headers.Remove(HeaderNames.Range); // RFC 9110 §14.2: a unit the server does not know is ignored
        }

        var tag = new EntityTagHeaderValue($"\"{contentId}.{info.Version}\"");
        return Results.Stream(stream, info.Metadata.ContentType, string.IsNullOrEmpty(info.Metadata.Filename) ? null : info.Metadata.Filename, info.Created, tag, enableRangeProcessing: true);
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, string id, ApiCaller caller)
    {
        await caller.ContentFor(context).DeleteAsync(ParseId(id), context.RequestAborted).ConfigureAwait(false);
        return Results.NoContent();
    }

    private static async Task<IResult> VersionsAsync(HttpContext context, string id, ApiCaller caller)
    {
        IReadOnlyList<ContentVersion> versions = await caller.ContentFor(context).ListVersionsAsync(ParseId(id), context.RequestAborted).ConfigureAwait(false);
        return Results.Ok(versions.Select(v => new VersionModel(v.Version, v.ManifestKey.ToString(), v.Length, v.Created)).ToList());
    }

    private static ulong? ParseVersion(string? text) =>
        string.IsNullOrEmpty(text) ? null
        : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v) && v > 0 ? v
        : throw new FormatException($"version: a positive integer, was '{text}'.");

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
