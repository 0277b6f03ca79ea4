namespace Zhtp.Storage.Types.Cryptography;

/// <summary>
/// Base of the typed errors of Zhtp.Storage's cryptography and identities (malformed identity
/// documents, wrong passphrases, damaged sealed files). Catch this to handle all of them.
/// </summary>
public class ZhtpCryptographyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ZhtpCryptographyException()
        : base("A Zhtp.Storage cryptographic operation failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ZhtpCryptographyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public ZhtpCryptographyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
