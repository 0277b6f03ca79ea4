using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Zhtp.Storage.Http.Dashboard;

/// <summary>
/// <c>/</c> and <c>/dashboard/{file}</c>: the web dashboard's static files (docs/api.md, "Dashboard"). Anonymous — the
/// files hold no data; the page signs in with an API token and calls the API with it. Every answer carries a
/// Content-Security-Policy that allows scripts, styles and requests from this origin only (no inline script, no
/// framing, no form posts), <c>Cache-Control: no-cache</c> with a strong ETag (a new build is picked up at once; an
/// unchanged file costs a 304), and <c>nosniff</c>.
/// </summary>
internal static class DashboardEndpoints
{
    internal const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], (HttpContext context) => Serve(context, "index.html"))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapMethods("/dashboard/{file}", [HttpMethods.Get, HttpMethods.Head], (HttpContext context, string file) => Serve(context, file))
            .AllowAnonymous().ExcludeFromDescription();
    }

    private static IResult Serve(HttpContext context, string name)
    {
        if (DashboardAssets.Find(name) is not { } asset)
        {
            return Results.Problem(statusCode: 404, title: "Not Found", detail: $"The dashboard has no file '{name}': it serves /, /dashboard/app.js and /dashboard/app.css.");
        }

        IHeaderDictionary headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers.CacheControl = "no-cache";
        return Results.Bytes(asset.Content, asset.ContentType, entityTag: asset.ETag);
    }
}
