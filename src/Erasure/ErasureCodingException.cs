namespace Zhtp.Storage.Erasure;

/// <summary>
/// The base of every error this package throws for misuse: wrong shard counts or sizes, too few
/// shards to rebuild, an unsupported shape, a damaged stream. Catch this to handle them all.
/// </summary>
public class ErasureCodingException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public ErasureCodingException()
        : base("Erasure coding failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ErasureCodingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ErasureCodingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
