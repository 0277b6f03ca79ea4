namespace Zhtp.Storage.Erasure;

/// <summary>Shards that must all have the same length do not.</summary>
public sealed class ShardSizeException : ErasureCodingException
{
    /// <summary>Creates the exception naming the shard that differs.</summary>
    public ShardSizeException(int shardIndex, int expectedLength, int actualLength)
        : base($"Shard {shardIndex} is {actualLength} bytes but the other shards are {expectedLength}; every shard (data, parity and the buffers for missing shards) must have the same length.")
    {
        ShardIndex = shardIndex;
        ExpectedLength = expectedLength;
        ActualLength = actualLength;
    }

    /// <summary>Creates the exception with a message.</summary>
    public ShardSizeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ShardSizeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public ShardSizeException()
        : base("Shards differ in length.")
    {
    }

    /// <summary>The index of the first shard whose length differs.</summary>
    public int ShardIndex { get; }

    /// <summary>The length of the shards before it.</summary>
    public int ExpectedLength { get; }

    /// <summary>Its length.</summary>
    public int ActualLength { get; }
}
