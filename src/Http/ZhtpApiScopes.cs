namespace Zhtp.Storage.Http;

/// <summary>The scopes an API token carries (docs/api.md, "Scopes"); admin implies write, write implies read.</summary>
public static class ZhtpApiScopes
{
    /// <summary>Download, list, search, versions, grants list, quotes, info.</summary>
    public const string Read = "read";

    /// <summary>Upload, delete, grant and revoke.</summary>
    public const string Write = "write";

    /// <summary>Node statistics, peers, and <c>/metrics</c> when it is not anonymous.</summary>
    public const string Admin = "admin";

    /// <summary>Every scope, lowest first.</summary>
    public static IReadOnlyList<string> All { get; } = [Read, Write, Admin];
}
