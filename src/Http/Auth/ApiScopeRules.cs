namespace Zhtp.Storage.Http;

/// <summary>Scope parsing and implication: admin implies write, write implies read.</summary>
internal static class ApiScopeRules
{
    public static bool Allows(IEnumerable<string> held, string wanted)
    {
        int need = Rank(wanted);
        return held.Any(s => Rank(s) >= need);
    }

    /// <summary>Parses "read,write" into known scopes, lowercased and de-duplicated.</summary>
    /// <exception cref="ArgumentException">An unknown or empty scope; the message lists the known ones.</exception>
    public static IReadOnlyList<string> Parse(string text)
    {
        var scopes = new List<string>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string scope = part.ToLowerInvariant();
            if (Rank(scope) < 0)
            {
                throw new ArgumentException($"Unknown scope '{part}': use {string.Join(", ", ZhtpApiScopes.All)} (comma-separated).", nameof(text));
            }

            if (!scopes.Contains(scope))
            {
                scopes.Add(scope);
            }
        }

        return scopes.Count > 0 ? scopes : throw new ArgumentException($"No scope given: use {string.Join(", ", ZhtpApiScopes.All)} (comma-separated).", nameof(text));
    }

    private static int Rank(string scope) => scope switch
    {
        ZhtpApiScopes.Read => 0,
        ZhtpApiScopes.Write => 1,
        ZhtpApiScopes.Admin => 2,
        _ => -1,
    };
}
