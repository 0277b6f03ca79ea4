namespace Zhtp.Storage.Http.Tokens;

/// <summary>One API token as <c>api/tokens.json</c> stores it: never the token itself, only its SHA-256.</summary>
/// <param name="Id">A public handle for listing and revoking (<c>tok_</c> and 12 hex characters).</param>
/// <param name="Hash">SHA-256 of the token's UTF-8 text, 64 lowercase hex characters.</param>
/// <param name="Scopes">read, write, admin.</param>
/// <param name="Identity">The token identity's name (<c>api/identities/NAME.key</c>), or null to act as the node's identity.</param>
/// <param name="Created">When it was created.</param>
/// <param name="Revoked">When it was revoked, or null while valid.</param>
/// <param name="Expires">When it stops being accepted, or null for never (token files written before expiry existed have none).</param>
internal sealed record ApiTokenRecord(string Id, string Hash, IReadOnlyList<string> Scopes, string? Identity, DateTimeOffset Created, DateTimeOffset? Revoked, DateTimeOffset? Expires = null)
{
    /// <summary>True when the token has an expiry and <paramref name="now"/> is at or past it.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => Expires is { } expires && now >= expires;

    /// <summary>True when the token carries <paramref name="scope"/> or a scope that implies it (admin ⊃ write ⊃ read).</summary>
    public bool Allows(string scope) => ApiScopeRules.Allows(Scopes, scope);
}
