namespace Zhtp.Storage.Types.Cryptography;

/// <summary>
/// The passphrase does not open the sealed data. Raised only after the full Argon2id cost was
/// spent, so failures cost an attacker as much as successes. Ask the user again.
/// </summary>
public sealed class WrongPassphraseException : ZhtpCryptographyException
{
    /// <summary>Creates the exception.</summary>
    public WrongPassphraseException()
        : base("The passphrase does not open this sealed data; check it and try again.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public WrongPassphraseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public WrongPassphraseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
