using System.CommandLine;
using System.Globalization;
using Zhtp.Storage.Http;
using Zhtp.Storage.Http.Tokens;

namespace Zhtp.Storage.Host.Commands;

/// <summary>
/// <c>zhtp token create|list|revoke --data-dir DIR</c>: the node's HTTP API tokens (docs/api.md, "Tokens"). <c>create</c>
/// prints the token as the last line of stdout (it is shown once; the node keeps only its SHA-256); with
/// <c>--identity NAME</c> the token acts as that node-custodial identity, created on first use. A running node picks up
/// changes without a restart. Exit code 0 on success, 2 on invalid input, 1 when the token to revoke does not exist.
/// </summary>
internal sealed class TokenCommand : IZhtpCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var command = new Command("token", "Manages the HTTP API's bearer tokens in a data directory.");
        command.Subcommands.Add(BuildCreate());
        command.Subcommands.Add(BuildList());
        command.Subcommands.Add(BuildRevoke());
        return command;
    }

    private static Option<string> DataDir() => new("--data-dir") { Description = "The node's data directory (tokens in api/tokens.json).", Required = true };

    private static Command BuildCreate()
    {
        Option<string> dataDir = DataDir();
        var scope = new Option<string>("--scope") { Description = "Comma-separated scopes: read, write, admin (admin implies write, write implies read).", Required = true };
        var identity = new Option<string?>("--identity") { Description = "Act as this node-custodial identity (a-z, 0-9, '-', '_'; created on first use) instead of the node's own." };
        var expires = new Option<string?>("--expires") { Description = "Refuse the token after this long: a number with s, m, h or d (e.g. 90m, 12h, 30d). Default: no expiry." };
        var command = new Command("create", "Creates a token; prints it as the last line.") { dataDir, scope, identity, expires };
        command.SetAction((ParseResult result) =>
        {
            TextWriter output = result.InvocationConfiguration.Output;
            try
            {
                string directory = result.GetValue(dataDir)!;
                IReadOnlyList<string> scopes = ApiScopeRules.Parse(result.GetValue(scope)!);
                TimeSpan? lifetime = result.GetValue(expires) is { } text ? ParseLifetime(text) : null;
                string? name = result.GetValue(identity);
                string? identityId = null;
                if (name is not null)
                {
                    using var identities = new ApiIdentityStore(directory);
                    identityId = identities.GetOrCreate(name).Id.ToString();
                }

                (ApiTokenRecord record, string token) = new ApiTokenStore(directory).Create(scopes, name, lifetime);
                output.WriteLine($"id:       {record.Id}");
                output.WriteLine($"scopes:   {string.Join(",", record.Scopes)}");
                output.WriteLine(record.Expires is { } until ? string.Create(CultureInfo.InvariantCulture, $"expires:  {until:yyyy-MM-dd HH:mm:ss} UTC") : "expires:  never");
                output.WriteLine(name is null ? "identity: the node's own" : $"identity: {name} ({identityId})");
                output.WriteLine("The token is shown once; the node keeps only its SHA-256. Send it as 'Authorization: Bearer TOKEN'.");
                output.WriteLine(token);
                return 0;
            }
            catch (ArgumentException e)
            {
                result.InvocationConfiguration.Error.WriteLine($"zhtp token create: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static Command BuildList()
    {
        Option<string> dataDir = DataDir();
        var command = new Command("list", "Lists the tokens (ids, scopes, identities; never the tokens).") { dataDir };
        command.SetAction((ParseResult result) =>
        {
            TextWriter output = result.InvocationConfiguration.Output;
            IReadOnlyList<ApiTokenRecord> tokens = new ApiTokenStore(result.GetValue(dataDir)!).List();
            output.WriteLine($"{"ID",-18} {"SCOPES",-18} {"IDENTITY",-20} {"CREATED",-20} STATUS");
            foreach (ApiTokenRecord t in tokens)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{t.Id,-18} {string.Join(",", t.Scopes),-18} {t.Identity ?? "(node)",-20} {t.Created:yyyy-MM-dd HH:mm:ss}  {Status(t, DateTimeOffset.UtcNow)}"));
            }

            return 0;
        });
        return command;
    }

    private static string Status(ApiTokenRecord token, DateTimeOffset now) => token switch
    {
        { Revoked: { } revoked } => string.Create(CultureInfo.InvariantCulture, $"revoked {revoked:yyyy-MM-dd HH:mm:ss}"),
        { Expires: { } expires } when token.IsExpiredAt(now) => string.Create(CultureInfo.InvariantCulture, $"expired {expires:yyyy-MM-dd HH:mm:ss}"),
        { Expires: { } expires } => string.Create(CultureInfo.InvariantCulture, $"valid until {expires:yyyy-MM-dd HH:mm:ss}"),
        _ => "valid",
    };

    /// <summary>Parses <c>90m</c>, <c>12h</c>, <c>30d</c> or <c>45s</c>.</summary>
    /// <exception cref="ArgumentException">Not a positive whole number followed by s, m, h or d.</exception>
    internal static TimeSpan ParseLifetime(string text)
    {
        string trimmed = text.Trim();
        if (trimmed.Length >= 2 && long.TryParse(trimmed.AsSpan(0, trimmed.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out long count) && count is > 0 and <= 36_500 * 24 * 3600L)
        {
            TimeSpan? lifetime = char.ToLowerInvariant(trimmed[^1]) switch
            {
                's' => TimeSpan.FromSeconds(count),
                'm' => TimeSpan.FromMinutes(count),
                'h' => TimeSpan.FromHours(count),
                'd' => TimeSpan.FromDays(count),
                _ => null,
            };
            if (lifetime is { } value && value <= TimeSpan.FromDays(36_500))
            {
                return value;
            }
        }

        throw new ArgumentException($"--expires '{text}' is not a lifetime: a whole number of s, m, h or d up to 100 years (e.g. 90m, 12h, 30d).");
    }

    private static Command BuildRevoke()
    {
        Option<string> dataDir = DataDir();
        var id = new Argument<string>("ID") { Description = "The token's id (tok_...), as `zhtp token list` shows it." };
        var command = new Command("revoke", "Revokes a token; a running node refuses it from its next request.") { dataDir, id };
        command.SetAction((ParseResult result) =>
        {
            string tokenId = result.GetValue(id)!;
            if (new ApiTokenStore(result.GetValue(dataDir)!).Revoke(tokenId))
            {
                result.InvocationConfiguration.Output.WriteLine($"revoked {tokenId}");
                return 0;
            }

            result.InvocationConfiguration.Error.WriteLine($"zhtp token revoke: no valid token {tokenId}; `zhtp token list --data-dir DIR` shows the ids.");
            return 1;
        });
        return command;
    }
}
