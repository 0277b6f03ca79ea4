namespace Zhtp.Storage.Erasure;

/// <summary>A list of shards has the wrong number of entries for the codec.</summary>
public sealed class ShardCountException : ErasureCodingException
{
    /// <summary>Creates the exception naming the list and the expected and actual counts.</summary>
    public ShardCountException(string what, int expected, int actual)
        : base($"Expected {expected} {what}, got {actual}; pass exactly {expected}.")
    {
        Expected = expected;
        Actual = actual;
    }

    /// <summary>Creates the exception with a message.</summary>
    public ShardCountException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ShardCountException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public ShardCountException()
        : base("Wrong number of shards.")
    {
    }

    /// <summary>The number of shards the codec needs here.</summary>
    public int Expected { get; }

    /// <summary>The number of shards passed.</summary>
    public int Actual { get; }
}
