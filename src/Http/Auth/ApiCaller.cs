using Microsoft.AspNetCore.Http;
using Zhtp.Storage.Content;
using Zhtp.Storage.Http.Tokens;
using Zhtp.Storage.Unified;

namespace Zhtp.Storage.Http.Auth;

/// <summary>Who a request acts as: the content manager of its token's identity (the node's when the token names none).</summary>
internal sealed class ApiCaller(IUnifiedStorageSystem system, ApiIdentityStore identities)
{
    public IContentManager ContentFor(HttpContext context)
    {
        string? name = context.User.FindFirst(ApiTokenAuthenticationHandler.IdentityClaim)?.Value;
        return system.ContentFor(name is null ? null : identities.Load(name));
    }
}
