namespace Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;

/// <summary>Fewer than t members returned a valid partial signature; the message lists how many did and why the others failed.</summary>
public sealed class ThresholdSigningException : ZhtpCryptographyException
{
    /// <summary>Creates the exception.</summary>
    public ThresholdSigningException()
        : base("Too few valid partial signatures for a threshold signature.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ThresholdSigningException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public ThresholdSigningException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
