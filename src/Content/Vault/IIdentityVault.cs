using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Content;

/// <summary>
/// The credential vault (docs/security.md, "Credential vault"): a user identity's private keys sealed
/// under a passphrase (Argon2id, then AES-256-GCM) and stored in the DHT as a self-certifying identity
/// record under the identity id, so the identity can be restored on any node from its id and passphrase.
/// Create one with <see cref="IdentityVaults.Create"/>. Thread-safe.
/// </summary>
public interface IIdentityVault
{
    /// <summary>Seals <paramref name="identity"/> under <paramref name="passphrase"/> and stores it (replacing an earlier copy; storing again also renews it before the DHT's record TTL runs out).</summary>
    /// <exception cref="ArgumentException">The passphrase is empty.</exception>
    /// <exception cref="IdentityVaultException">No node stored the record.</exception>
    Task StoreAsync(ZhtpIdentity identity, string passphrase, CancellationToken cancellationToken = default);

    /// <summary>Fetches the vault record of <paramref name="id"/>, checks it, and opens it with <paramref name="passphrase"/>.</summary>
    /// <exception cref="IdentityVaultException">No record (<see cref="IdentityVaultError.NotFound"/>), or the record does not verify or does not open as sealed keys (<see cref="IdentityVaultError.Tampered"/>).</exception>
    /// <exception cref="Types.Cryptography.WrongPassphraseException">The passphrase is wrong (raised after the full key-derivation cost).</exception>
    Task<ZhtpIdentity> RetrieveAsync(IdentityId id, string passphrase, CancellationToken cancellationToken = default);

    /// <summary>True when a valid vault record for <paramref name="id"/> resolves (the passphrase is not checked).</summary>
    Task<bool> ExistsAsync(IdentityId id, CancellationToken cancellationToken = default);
}
