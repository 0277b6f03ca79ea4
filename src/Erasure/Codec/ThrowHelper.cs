using System.Diagnostics.CodeAnalysis;

namespace Zhtp.Storage.Erasure.Codec;

/// <summary>Throw sites kept out of the codec's methods so those stay small and inlinable.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ShardCount(string what, int expected, int actual) => throw new ShardCountException(what, expected, actual);

    [DoesNotReturn]
    public static void ShardSize(int shardIndex, int expectedLength, int actualLength) =>
        throw new ShardSizeException(shardIndex, expectedLength, actualLength);

    [DoesNotReturn]
    public static void TooFewShards(int present, int needed) => throw new TooFewShardsException(present, needed);

    [DoesNotReturn]
    public static void NullShard(int shardIndex, string operation) =>
        throw new ErasureCodingException($"Shard {shardIndex} is null; {operation} needs a buffer for every shard.");

    [DoesNotReturn]
    public static void PresentOutOfRange(ShardMask present, int totalShards) =>
        throw new ErasureCodingException($"The present set {present} names shards beyond the last index {totalShards - 1}; shard indices run from 0 to {totalShards - 1}.");
}
