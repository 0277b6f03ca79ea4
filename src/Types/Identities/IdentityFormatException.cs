using Zhtp.Storage.Types.Cryptography;

namespace Zhtp.Storage.Types.Identities;

/// <summary>
/// An identity document or identity signature is malformed: truncated, an unknown format or
/// algorithm, keys of the wrong size for its kind, an id that does not match its keys, or a root
/// signature that does not verify. The message says which; the bytes are not a usable identity.
/// </summary>
public sealed class IdentityFormatException : ZhtpCryptographyException
{
    /// <summary>Creates the exception.</summary>
    public IdentityFormatException()
        : base("The identity document is malformed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public IdentityFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public IdentityFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
