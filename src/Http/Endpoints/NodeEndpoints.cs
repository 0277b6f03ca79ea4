using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Zhtp.Storage.Economic;
using Zhtp.Storage.Types;
using Zhtp.Storage.Unified;

namespace Zhtp.Storage.Http.Endpoints;

/// <summary><c>/api/v1/quote</c>, <c>/api/v1/health</c>, <c>/api/v1/info</c>, <c>/api/v1/stats</c>, <c>/api/v1/peers</c>.</summary>
internal static class NodeEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        RouteGroupBuilder node = api.MapGroup("/api/v1").WithTags("node");
        node.MapGet("/quote", QuoteAsync).RequireAuthorization(ZhtpApiScopes.Read).Produces<QuoteModel>().ProducesProblem(400)
            .WithSummary("Price storing size bytes for days days (tier, replication), signed by this node.");
        node.MapGet("/health", ReadinessAsync).AllowAnonymous().Produces<HealthModel>().Produces<HealthModel>(503)
            .WithSummary("Readiness: 200 when joined (a DHT contact) and the store is writable, 503 otherwise; the body says which.");
        node.MapGet("/health/live", () => Results.Ok(new { status = "live" })).AllowAnonymous()
            .WithSummary("Liveness: 200 while the process serves requests.");
        node.MapGet("/info", (IUnifiedStorageSystem system) => Results.Ok(Info(system))).RequireAuthorization(ZhtpApiScopes.Read).Produces<InfoModel>()
            .WithSummary("The node's id, endpoint, keys and identity.");
        node.MapGet("/stats", async (IUnifiedStorageSystem system, HttpContext context) => Results.Ok(await system.GetStatisticsAsync(context.RequestAborted).ConfigureAwait(false)))
            .RequireAuthorization(ZhtpApiScopes.Admin).Produces<UnifiedStorageStats>().WithSummary("Every layer's counters.");
        node.MapGet("/peers", (IUnifiedStorageSystem system) => Results.Ok(system.GetPeers().Select(c => new PeerModel(c.Id.ToString(), c.EndPoint.ToString())).ToList()))
            .RequireAuthorization(ZhtpApiScopes.Admin).Produces<IReadOnlyList<PeerModel>>().WithSummary("The DHT routing table's contacts.");
    }

    internal static InfoModel Info(IUnifiedStorageSystem system)
    {
        NodeInfo info = system.GetNodeInfo();
        return new InfoModel(info.NodeId.ToString(), info.EndPoint.ToString(), Convert.ToBase64String(info.NodePublicKey.Span), info.Identity.ToString(), info.IdentityPersistent, info.EconomicsEnabled, info.StartedAt, ApiVersion);
    }

    internal static string ApiVersion { get; } =
        typeof(NodeEndpoints).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "0.0.0";

    /// <summary>Liveness and readiness: joined (a contact), store under quota, data directory writable.</summary>
    internal static async Task<HealthModel> HealthAsync(IUnifiedStorageSystem system, ZhtpApiOptions options, CancellationToken cancellationToken)
    {
        DhtStats dht;
        try
        {
            dht = (await system.GetStatisticsAsync(cancellationToken).ConfigureAwait(false)).Dht;
        }
        catch (UnifiedStorageException)
        {
            return new HealthModel("stopped", true, false, false, false, 0, 0, 0);
        }

        bool joined = dht.Contacts > 0;
        bool writable = dht.StorageQuotaBytes <= 0 || dht.StorageUsedBytes < dht.StorageQuotaBytes;
        if (writable && system.GetNodeInfo().DataDirectory is { } directory)
        {
            try
            {
                using var probe = new FileStream(Path.Combine(directory, ".api-health-probe"), FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
                probe.WriteByte(1);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                writable = false;
            }
        }

        bool ready = writable && (joined || options.ReadyWithoutPeers);
        return new HealthModel(ready ? "ready" : "not-ready", true, ready, joined, writable, dht.Contacts, dht.StorageUsedBytes, dht.StorageQuotaBytes);
    }

    private static async Task<IResult> ReadinessAsync(IUnifiedStorageSystem system, ZhtpApiOptions options, HttpContext context)
    {
        HealthModel health = await HealthAsync(system, options, context.RequestAborted).ConfigureAwait(false);
        return Results.Json(health, statusCode: health.Ready ? 200 : 503);
    }

    private static async Task<IResult> QuoteAsync(HttpContext context, IUnifiedStorageSystem system)
    {
        IQueryCollection q = context.Request.Query;
        long size = long.TryParse(q["size"], NumberStyles.None, CultureInfo.InvariantCulture, out long s) && s > 0 ? s : throw new FormatException($"size: bytes to store, a positive integer, was '{q["size"]}'.");
        double days = string.IsNullOrEmpty(q["days"]) ? 30
            : double.TryParse(q["days"], NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d > 0 && d <= 36_500 ? d
            : throw new FormatException($"days: 0 to 36,500, was '{q["days"]}'.");
        StorageTier tier = string.IsNullOrEmpty(q["tier"]) ? StorageTier.Warm
            : Enum.TryParse(q["tier"], true, out StorageTier t) && Enum.IsDefined(t) && !int.TryParse(q["tier"], out _) ? t
            : throw new FormatException($"tier: one of {string.Join(", ", Enum.GetNames<StorageTier>())}, was '{q["tier"]}'.");
        int replication = string.IsNullOrEmpty(q["replication"]) ? 3
            : int.TryParse(q["replication"], NumberStyles.None, CultureInfo.InvariantCulture, out int r) ? r
            : throw new FormatException($"replication: an integer, was '{q["replication"]}'.");
        Quote quote = await system.GetStorageQuoteAsync(new QuoteRequest(size, TimeSpan.FromDays(days), tier, replication), context.RequestAborted).ConfigureAwait(false);
        return Results.Ok(new QuoteModel(quote.QuoteId.ToString(), quote.Host.ToString(), quote.Request.SizeBytes, quote.Request.Duration.TotalDays, quote.Request.Tier.ToString(), quote.Request.Replication,
            quote.Price.Total.ToString(), quote.Price.BasePricePerGbDay, quote.Price.BilledGb, quote.Price.BilledDays, quote.IssuedAt, quote.ExpiresAt, Convert.ToBase64String(quote.Signature.Span)));
    }
}
