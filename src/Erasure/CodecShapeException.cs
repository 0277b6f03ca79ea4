namespace Zhtp.Storage.Erasure;

/// <summary>
/// The requested code shape is not supported: data shards k must be ≥ 1, parity shards m ≥ 1, and
/// k + m ≤ 256 (the size of GF(2^8)).
/// </summary>
public sealed class CodecShapeException : ErasureCodingException
{
    /// <summary>Creates the exception for the shape that was asked for.</summary>
    public CodecShapeException(int dataShards, int parityShards)
        : base($"Reed-Solomon {dataShards}+{parityShards} is not supported: data shards must be at least 1, parity shards at least 1, and data + parity at most 256 (was {dataShards}+{parityShards} = {(long)dataShards + parityShards}).")
    {
        DataShards = dataShards;
        ParityShards = parityShards;
    }

    /// <summary>Creates the exception with a message.</summary>
    public CodecShapeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public CodecShapeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public CodecShapeException()
        : base("The Reed-Solomon shape is not supported.")
    {
    }

    /// <summary>The data shard count that was asked for.</summary>
    public int DataShards { get; }

    /// <summary>The parity shard count that was asked for.</summary>
    public int ParityShards { get; }
}
