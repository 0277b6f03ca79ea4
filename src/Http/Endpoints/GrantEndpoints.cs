using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Zhtp.Storage.Content;
using Zhtp.Storage.Http.Auth;
using Zhtp.Storage.Http.Tokens;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Http.Endpoints;

/// <summary><c>/api/v1/content/{id}/grants</c>: list, grant, revoke (Restricted content, owner only).</summary>
internal static class GrantEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        RouteGroupBuilder grants = api.MapGroup("/api/v1/content/{id}/grants").WithTags("grants");
        grants.MapGet("", ListAsync).RequireAuthorization(ZhtpApiScopes.Read).Produces<IReadOnlyList<GrantModel>>().ProducesProblem(404)
            .WithSummary("The identities granted read access to the latest version.");
        grants.MapPost("", GrantAsync).RequireAuthorization(ZhtpApiScopes.Write).Accepts<GrantRequestModel>("application/json").Produces(204).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404)
            .WithSummary("Grant read access to an identity (by this node's API identity name or id, or by public document).");
        grants.MapDelete("/{identityId}", RevokeAsync).RequireAuthorization(ZhtpApiScopes.Write).Produces<ReceiptModel>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Revoke a reader: a new version under a new key without it.");
    }

    private static async Task<IResult> ListAsync(HttpContext context, string id, ApiCaller caller)
    {
        IReadOnlyList<PublicIdentity> grants = await caller.ContentFor(context).ListGrantsAsync(ContentEndpoints.ParseId(id), context.RequestAborted).ConfigureAwait(false);
        return Results.Ok(grants.Select(g => new GrantModel(g.Id.ToString(), g.Kind.ToString())).ToList());
    }

    private static async Task<IResult> GrantAsync(HttpContext context, string id, ApiCaller caller, ApiIdentityStore identities)
    {
        ContentId contentId = ContentEndpoints.ParseId(id);
        GrantRequestModel? body;
        try
        {
            body = await context.Request.ReadFromJsonAsync<GrantRequestModel>(context.RequestAborted).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new FormatException($"The body is not a grant request: {{\"identity\": \"NAME or ID\"}} or {{\"publicIdentity\": \"BASE64\"}} ({e.Message}).", e);
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException("The body must be JSON (Content-Type: application/json): {\"identity\": \"NAME or ID\"} or {\"publicIdentity\": \"BASE64\"}.", e);
        }

        PublicIdentity grantee = Resolve(body, identities);
        await caller.ContentFor(context).GrantAsync(contentId, grantee, context.RequestAborted).ConfigureAwait(false);
        return Results.NoContent();
    }

    private static async Task<IResult> RevokeAsync(HttpContext context, string id, string identityId, ApiCaller caller)
    {
        if (!IdentityId.TryParse(identityId, out IdentityId reader))
        {
            throw new FormatException($"'{identityId}' is not an identity id (64 hex characters).");
        }

        ContentReceipt receipt = await caller.ContentFor(context).RevokeAsync(ContentEndpoints.ParseId(id), reader, context.RequestAborted).ConfigureAwait(false);
        return Results.Ok(ReceiptModel.From(receipt));
    }

    private static PublicIdentity Resolve(GrantRequestModel? body, ApiIdentityStore identities)
    {
        if (body?.PublicIdentity is { Length: > 0 } encoded)
        {
            try
            {
                return PublicIdentity.Decode(Convert.FromBase64String(encoded));
            }
            catch (Exception e) when (e is FormatException or IdentityFormatException)
            {
                throw new FormatException($"publicIdentity is not a base64 public identity document ({e.Message}).", e);
            }
        }

        if (body?.Identity is { Length: > 0 } name)
        {
            return identities.FindPublic(name) ?? throw new KeyNotFoundException($"No identity '{name}' is known to this node; pass its public document as publicIdentity instead.");
        }

        throw new FormatException("The body names no grantee: send {\"identity\": \"NAME or ID\"} or {\"publicIdentity\": \"BASE64\"}.");
    }
}
