using Microsoft.AspNetCore.Http;
using Zhtp.Storage.S3.Auth;

namespace Zhtp.Storage.S3.Http;

/// <summary>An authenticated request, addressed: the bucket and key decoded from the path, the decoded query.</summary>
internal sealed record S3Request(HttpContext Context, AuthenticatedRequest Auth, string Bucket, string Key, IReadOnlyList<KeyValuePair<string, string>> Query)
{
    /// <summary>The identity id of the access key (bucket owner ids).</summary>
    public string Owner => Auth.Key.Identity.Id.ToString();

    public bool Has(string name) => Query.Any(p => p.Key == name);

    public string? Get(string name) => Query.FirstOrDefault(p => p.Key == name) is { Key: not null } p ? p.Value : null;
}
