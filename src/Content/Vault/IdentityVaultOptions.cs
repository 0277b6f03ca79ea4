using Zhtp.Storage.Types.Cryptography;

namespace Zhtp.Storage.Content;

/// <summary>How the credential vault seals identities.</summary>
public sealed record IdentityVaultOptions
{
    /// <summary>Argon2id cost of sealing (opening reads it from the sealed bytes). Default <see cref="Argon2idParameters.Default"/>; below <see cref="Argon2idParameters.Floor"/> is refused by Types.</summary>
    public Argon2idParameters Parameters { get; init; } = Argon2idParameters.Default;
}
