using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Zhtp.Storage.Http.Tokens;

namespace Zhtp.Storage.Http.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer TOKEN</c> against the token store; with <see cref="ZhtpApiOptions.AllowAnonymousLoopback"/>,
/// a request without the header on a loopback connection acts as the node with every scope. Challenges and refusals
/// answer with problem details (401 with <c>WWW-Authenticate: Bearer</c>, 403 naming the scope needed).
/// </summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggers,
    UrlEncoder encoder,
    ApiTokenStore tokens,
    ZhtpApiOptions api)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggers, encoder)
{
    public const string SchemeName = "ZhtpToken";
    public const string ScopeClaim = "scope";
    public const string TokenClaim = "zhtp.token";
    public const string IdentityClaim = "zhtp.identity";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            if (api.AllowAnonymousLoopback && IsLoopback(Context.Connection.RemoteIpAddress) && IsLoopback(Context.Connection.LocalIpAddress))
            {
                var claims = ZhtpApiScopes.All.Select(s => new Claim(ScopeClaim, s)).Append(new Claim(TokenClaim, "anonymous-loopback"));
                return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName)));
            }

            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.Fail("The Authorization header is not 'Bearer TOKEN'."));
        }

        ApiTokenRecord? record = tokens.Authenticate(header.AsSpan(7).Trim());
        if (record is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("The token is unknown or revoked."));
        }

        if (tokens.IsExpired(record))
        {
            return Task.FromResult(AuthenticateResult.Fail(string.Create(CultureInfo.InvariantCulture, $"The token {record.Id} expired at {record.Expires:yyyy-MM-dd HH:mm:ss} UTC.")));
        }

        var identityClaims = new List<Claim> { new(TokenClaim, record.Id) };
        identityClaims.AddRange(record.Scopes.Select(s => new Claim(ScopeClaim, s)));
        if (record.Identity is { } name)
        {
            identityClaims.Add(new Claim(IdentityClaim, name));
        }

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(identityClaims, SchemeName)), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        AuthenticateResult result = await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false);
        bool presented = !string.IsNullOrEmpty(Request.Headers.Authorization);
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = presented ? "Bearer error=\"invalid_token\"" : "Bearer";
        await WriteAsync(StatusCodes.Status401Unauthorized, "Unauthorized",
            presented ? $"{result.Failure?.Message} Create a token with `zhtp token create --data-dir DIR --scope read`." : "This route needs an API token: send 'Authorization: Bearer TOKEN' (create one with `zhtp token create --data-dir DIR --scope read`).").ConfigureAwait(false);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        string scope = Context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>()?.Policy ?? "another";
        return WriteAsync(StatusCodes.Status403Forbidden, "Forbidden", $"This token lacks the '{scope}' scope this route needs; create a token with --scope {scope}.");
    }

    private static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address);

    private Task WriteAsync(int status, string title, string detail) => Errors.ProblemWriter.WriteAsync(Context, status, title, detail);
}
