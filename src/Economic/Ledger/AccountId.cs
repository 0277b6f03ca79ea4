using Zhtp.Storage.Types;

namespace Zhtp.Storage.Economic.Ledger;

/// <summary>The identity of a ledger account: a kind and a name unique within that kind.</summary>
/// <remarks>Stored as the text key <c>kind:name</c> (for instance <c>escrow:1f…</c> or <c>user:alice</c>).</remarks>
public readonly record struct AccountId
{
    private AccountId(AccountKind kind, string name)
    {
        Kind = kind;
        Name = name;
    }

    /// <summary>The kind of account.</summary>
    public AccountKind Kind { get; }

    /// <summary>The name within the kind.</summary>
    public string Name { get; }

    /// <summary>The mint source.</summary>
    public static AccountId Mint => new(AccountKind.Mint, "supply");

    /// <summary>The treasury.</summary>
    public static AccountId Treasury => new(AccountKind.Treasury, "fees");

    /// <summary>The penalty pool.</summary>
    public static AccountId PenaltyPool => new(AccountKind.PenaltyPool, "penalties");

    /// <summary>A renter's account.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or contains ':'.</exception>
    public static AccountId User(string name) => new(AccountKind.User, CheckName(name));

    /// <summary>A host's account.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or contains ':'.</exception>
    public static AccountId Host(string name) => new(AccountKind.Host, CheckName(name));

    /// <summary>A renter's account named by the renter's node id.</summary>
    public static AccountId User(NodeId node) => new(AccountKind.User, node.ToString());

    /// <summary>A host's account named by the host's node id.</summary>
    public static AccountId Host(NodeId node) => new(AccountKind.Host, node.ToString());

    /// <summary>The escrow account of a contract.</summary>
    public static AccountId Escrow(Hash256 contractId) => new(AccountKind.Escrow, contractId.ToString());

    /// <summary>The text key stored by the ledger.</summary>
    public string Key => $"{Prefix(Kind)}:{Name}";

    /// <summary>Parses a key produced by <see cref="Key"/>.</summary>
    /// <exception cref="FormatException">The key does not have the form <c>kind:name</c> with a known kind.</exception>
    public static AccountId ParseKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == key.Length - 1)
        {
            throw new FormatException($"Account key '{key}' must have the form kind:name.");
        }

        var kind = key[..colon] switch
        {
            "mint" => AccountKind.Mint,
            "user" => AccountKind.User,
            "host" => AccountKind.Host,
            "escrow" => AccountKind.Escrow,
            "treasury" => AccountKind.Treasury,
            "penalty" => AccountKind.PenaltyPool,
            _ => throw new FormatException($"Account key '{key}' has an unknown kind; use mint, user, host, escrow, treasury or penalty."),
        };
        return new AccountId(kind, key[(colon + 1)..]);
    }

    /// <inheritdoc />
    public override string ToString() => Key;

    private static string Prefix(AccountKind kind) => kind switch
    {
        AccountKind.Mint => "mint",
        AccountKind.User => "user",
        AccountKind.Host => "host",
        AccountKind.Escrow => "escrow",
        AccountKind.Treasury => "treasury",
        AccountKind.PenaltyPool => "penalty",
        _ => "unknown",
    };

    private static string CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"An account name must be non-empty and contain no ':', was '{name}'.", nameof(name));
        }

        return name;
    }
}
