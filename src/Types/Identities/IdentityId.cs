namespace Zhtp.Storage.Types.Identities;

/// <summary>
/// The id of a user identity: BLAKE3 over the canonical encoding of all its public keys
/// (docs/security.md, "Identity files"). Distinct from <see cref="NodeId"/>: users and nodes are separate.
/// </summary>
/// <param name="Value">The 256-bit value.</param>
public readonly record struct IdentityId(Hash256 Value)
{
    /// <summary>64 lower-case hex characters.</summary>
    public override string ToString() => Value.ToString();

    /// <summary>Parses 64 hex or 52 base32 characters.</summary>
    /// <exception cref="FormatException">The text is not an identity id; the message says why.</exception>
    public static IdentityId Parse(string text) => new(Hash256.Parse(text, nameof(IdentityId)));

    /// <summary>Tries to parse 64 hex or 52 base32 characters.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out IdentityId value)
    {
        bool ok = Hash256.TryParse(text, out Hash256 hash);
        value = new IdentityId(hash);
        return ok;
    }
}
