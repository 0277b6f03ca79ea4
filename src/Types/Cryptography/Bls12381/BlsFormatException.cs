namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>
/// A BLS12-381 key or signature encoding was rejected: wrong length, bad flag bits, a coordinate
/// not below p, a point not on the curve or outside the prime-order subgroup, or a secret key of
/// zero or not below r. The message names which; the bytes cannot be used, ask the sender again.
/// </summary>
public sealed class BlsFormatException : ZhtpCryptographyException
{
    /// <summary>Creates the exception.</summary>
    public BlsFormatException()
        : base("A BLS12-381 encoding was rejected.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public BlsFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public BlsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
