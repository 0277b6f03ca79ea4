namespace Zhtp.Storage.Erasure.Codec;

/// <summary>Work that runs while every shard of a list is pinned (see <see cref="ShardPinner"/>).</summary>
internal unsafe interface IPinnedWork
{
    /// <summary>Runs with <paramref name="shards"/>[i] addressing shard i (null for empty shards).</summary>
    void Run(byte** shards);
}
