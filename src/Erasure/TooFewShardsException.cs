namespace Zhtp.Storage.Erasure;

/// <summary>Fewer shards are present than the k needed to rebuild the data.</summary>
public sealed class TooFewShardsException : ErasureCodingException
{
    /// <summary>Creates the exception with the present and needed counts.</summary>
    public TooFewShardsException(int present, int needed)
        : base($"{present} shards present, {needed} needed: any {needed} of the data and parity shards rebuild the rest, fewer cannot.")
    {
        Present = present;
        Needed = needed;
    }

    /// <summary>Creates the exception with a message.</summary>
    public TooFewShardsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public TooFewShardsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public TooFewShardsException()
        : base("Too few shards to reconstruct.")
    {
    }

    /// <summary>Shards present.</summary>
    public int Present { get; }

    /// <summary>Shards needed (the data shard count k).</summary>
    public int Needed { get; }
}
