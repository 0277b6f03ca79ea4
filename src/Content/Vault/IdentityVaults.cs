using Zhtp.Storage.Content.Vault;
using Zhtp.Storage.Dht;

namespace Zhtp.Storage.Content;

/// <summary>Creates credential vaults.</summary>
public static class IdentityVaults
{
    /// <summary>A vault storing and fetching identity records through <paramref name="node"/>.</summary>
    public static IIdentityVault Create(IDhtNode node, IdentityVaultOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new IdentityVault(node, options ?? new IdentityVaultOptions());
    }
}
