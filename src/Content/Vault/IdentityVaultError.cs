namespace Zhtp.Storage.Content;

/// <summary>Why the credential vault refused.</summary>
public enum IdentityVaultError
{
    /// <summary>No node returned a vault record for the identity.</summary>
    NotFound = 0,

    /// <summary>A record was found but it is not a valid vault record of that identity: bad signature, wrong id, malformed or tampered sealed keys.</summary>
    Tampered = 1,

    /// <summary>The record could not be stored on any node.</summary>
    NotStored = 2,
}
