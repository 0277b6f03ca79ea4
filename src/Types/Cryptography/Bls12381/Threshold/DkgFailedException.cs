namespace Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;

/// <summary>A distributed key generation ended without a key (fewer than t dealers qualified, or it was stopped); the message says who was disqualified and why.</summary>
public sealed class DkgFailedException : ZhtpCryptographyException
{
    /// <summary>Creates the exception.</summary>
    public DkgFailedException()
        : base("The distributed key generation failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DkgFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public DkgFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
