namespace Zhtp.Storage.Content;

/// <summary>The credential vault could not store or return an identity; <see cref="Reason"/> says why.</summary>
public sealed class IdentityVaultException : ContentException
{
    /// <summary>Creates the exception.</summary>
    public IdentityVaultException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public IdentityVaultException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public IdentityVaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with its reason and a message saying what was wrong and what to do.</summary>
    public IdentityVaultException(IdentityVaultError reason, string message, Exception? innerException = null)
        : base(message, innerException!)
    {
        Reason = reason;
    }

    /// <summary>Why the vault refused.</summary>
    public IdentityVaultError Reason { get; }
}
