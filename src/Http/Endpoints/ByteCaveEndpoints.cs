using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Zhtp.Storage.Content;
using Zhtp.Storage.Http.Auth;
using Zhtp.Storage.Types;
using Zhtp.Storage.Unified;

namespace Zhtp.Storage.Http.Endpoints;

/// <summary>
/// Routes for ByteCave clients (docs/api.md, "ByteCave compatibility"), in the JSON shapes of ByteCave Core's HTTP API:
/// <c>POST /store</c> takes <c>{"ciphertext": BASE64, "mimeType": ...}</c> (the client encrypts; stored as Public content
/// without further encryption, so any token can read it by cid) and answers 201 <c>{"success", "cid", "timestamp",
/// "replicationStatus"}</c>; <c>GET /retrieve/{cid}</c> (and <c>/blob/{cid}</c>) answers <c>{"cid", "ciphertext", "mimeType",
/// "createdAt", "size", "version"}</c>; <c>/health</c> and <c>/info</c> answer ByteCave's field names. Bodies are buffered
/// whole (base64 in JSON), up to <see cref="ZhtpApiOptions.MaxCompatStoreBodySize"/>. ByteCave's on-chain authorization
/// object is ignored: the bearer token authorizes.
/// </summary>
internal static class ByteCaveEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        RouteGroupBuilder compat = app.MapGroup("").WithTags("bytecave");
        compat.MapPost("/store", StoreAsync).RequireAuthorization(ZhtpApiScopes.Write).Accepts<StoreRequest>("application/json").Produces<StoreResponse>(201).ProducesProblem(400).ProducesProblem(413)
            .WithSummary("ByteCave: store a base64 blob; answers its cid.");
        compat.MapGet("/retrieve/{cid}", RetrieveAsync).RequireAuthorization(ZhtpApiScopes.Read).Produces<BlobResponse>().ProducesProblem(404)
            .WithSummary("ByteCave: a blob by cid, base64 in JSON.");
        compat.MapGet("/blob/{cid}", RetrieveAsync).RequireAuthorization(ZhtpApiScopes.Read).Produces<BlobResponse>().ProducesProblem(404)
            .WithSummary("ByteCave: the same as /retrieve/{cid}.");
        compat.MapGet("/health", HealthAsync).AllowAnonymous().Produces<ByteCaveHealth>().Produces<ByteCaveHealth>(503)
            .WithSummary("ByteCave: node health.");
        compat.MapGet("/info", (IUnifiedStorageSystem system) =>
        {
            InfoModel info = NodeEndpoints.Info(system);
            return Results.Ok(new ByteCaveInfo(info.NodeId, info.NodePublicKey, info.Version, info.EndPoint, info.StartedAt.ToUnixTimeMilliseconds()));
        }).RequireAuthorization(ZhtpApiScopes.Read).Produces<ByteCaveInfo>().WithSummary("ByteCave: node info.");
    }

    private static async Task<IResult> StoreAsync(HttpContext context, ApiCaller caller, ZhtpApiOptions options, IUnifiedStorageSystem system, TimeProvider time)
    {
        if (context.Request.ContentLength > options.MaxCompatStoreBodySize)
        {
            return Results.Problem(statusCode: 413, title: "Payload Too Large", detail: $"POST /store buffers its JSON body, at most {options.MaxCompatStoreBodySize:N0} bytes; upload larger content with POST /api/v1/content (streamed).");
        }

        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = Math.Min(sizeLimit.MaxRequestBodySize ?? long.MaxValue, options.MaxCompatStoreBodySize); // chunked bodies too: Kestrel answers 413
        }

        StoreRequest? request;
        try
        {
            request = await System.Text.Json.JsonSerializer.DeserializeAsync<StoreRequest>(context.Request.Body, System.Text.Json.JsonSerializerOptions.Web, context.RequestAborted).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new FormatException($"The body is not ByteCave's store request {{\"ciphertext\": BASE64, \"mimeType\": TYPE}} ({e.Message}).", e);
        }

        if (string.IsNullOrEmpty(request?.Ciphertext))
        {
            throw new FormatException("ciphertext is required (base64).");
        }

        if (string.IsNullOrEmpty(request.MimeType))
        {
            throw new FormatException("mimeType is required.");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(request.Ciphertext);
        }
        catch (FormatException e)
        {
            throw new FormatException("ciphertext is not base64.", e);
        }

        ContentReceipt receipt = await caller.ContentFor(context).UploadAsync(new MemoryStream(bytes, writable: false), new ContentUploadOptions
        {
            Metadata = new ContentMetadata { ContentType = request.MimeType, Access = AccessLevel.Public },
            Encryption = EncryptionLevel.None,
        }, context.RequestAborted).ConfigureAwait(false);
        ErasureConfig erasure = system.GetConfig().Erasure;
        return Results.Json(new StoreResponse(true, receipt.Id.ToString(), time.GetUtcNow().ToUnixTimeMilliseconds(), new ReplicationStatus(erasure.DataShards + erasure.ParityShards, receipt.Holders)), statusCode: 201);
    }

    private static async Task<IResult> RetrieveAsync(HttpContext context, string cid, ApiCaller caller, ZhtpApiOptions options)
    {
        ContentId id = ContentEndpoints.ParseId(cid);
        (Stream stream, ContentInfo info) = await ContentEndpoints.OpenWithInfoAsync(caller.ContentFor(context), id, null, context.RequestAborted).ConfigureAwait(false);
        var buffer = new MemoryStream();
        await using (stream.ConfigureAwait(false))
        {
            if (info.Length > options.MaxCompatStoreBodySize)
            {
                return Results.Problem(statusCode: 413, title: "Payload Too Large", detail: $"The blob has {info.Length:N0} bytes, more than /retrieve buffers ({options.MaxCompatStoreBodySize:N0}); GET /api/v1/content/{id} streams it.");
            }

            await stream.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        }

        return Results.Ok(new BlobResponse(id.ToString(), Convert.ToBase64String(buffer.GetBuffer(), 0, (int)buffer.Length), info.Metadata.ContentType, info.Created.ToUnixTimeMilliseconds(), info.Length, info.Version));
    }

    private static async Task<IResult> HealthAsync(IUnifiedStorageSystem system, ZhtpApiOptions options, HttpContext context)
    {
        HealthModel health = await NodeEndpoints.HealthAsync(system, options, context.RequestAborted).ConfigureAwait(false);
        UnifiedStorageStats? stats = health.Status == "stopped" ? null : await system.GetStatisticsAsync(context.RequestAborted).ConfigureAwait(false);
        string status = health.Ready ? "healthy" : health.Live && health.StoreWritable ? "degraded" : "unhealthy";
        return Results.Json(new ByteCaveHealth(status, (long)(stats?.Uptime.TotalSeconds ?? 0), stats?.Storage.ContentItems ?? 0, stats?.Storage.OriginalBytes ?? 0, NodeEndpoints.ApiVersion,
            status == "unhealthy" ? null : system.GetNodeInfo().NodeId.ToString(), health.Contacts), statusCode: status == "unhealthy" ? 503 : 200);
    }

    internal sealed record StoreRequest(string? Ciphertext, string? MimeType);

    internal sealed record ReplicationStatus(int Target, int Confirmed);

    internal sealed record StoreResponse(bool Success, string Cid, long Timestamp, ReplicationStatus ReplicationStatus);

    internal sealed record BlobResponse(string Cid, string Ciphertext, string MimeType, long CreatedAt, long Size, ulong Version);

    internal sealed record ByteCaveHealth(string Status, long Uptime, long StoredBlobs, long TotalSize, string Version, string? NodeId, int Peers);

    internal sealed record ByteCaveInfo(string NodeId, string PublicKey, string Version, string EndPoint, long StartedAt);
}
