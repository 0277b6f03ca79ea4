namespace Zhtp.Storage.Types.Cryptography;

/// <summary>
/// Sealed data is damaged, truncated, altered, of an unknown format, or claims Argon2id
/// parameters outside the accepted range; the message says which. Restore the file from a backup.
/// </summary>
public sealed class SealedDataFormatException : ZhtpCryptographyException
{
    /// <summary>Creates the exception.</summary>
    public SealedDataFormatException()
        : base("The sealed data is damaged or not sealed data.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SealedDataFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public SealedDataFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
