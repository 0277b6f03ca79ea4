namespace Zhtp.Storage.Erasure.Codec;

// Implementation notes
// A variable number of buffers cannot be pinned with one `fixed` statement, and GC handles cost
// a call into the runtime each. Instead each recursion level pins one shard with `fixed` (a
// pinned stack slot the GC reads only if it runs) and the work runs at the bottom, with all of
// them pinned: a few nanoseconds per shard, no allocation, depth at most 256 + 256 frames.

/// <summary>Pins every shard of one or two lists and runs work with their addresses.</summary>
internal static unsafe class ShardPinner
{
    /// <summary>
    /// Pins <paramref name="first"/> then <paramref name="second"/> (indices continue across them)
    /// and runs <paramref name="work"/> with a table of their addresses.
    /// </summary>
    public static void Run<TWork>(ShardList first, ShardList second, ref TWork work)
        where TWork : struct, IPinnedWork
    {
        byte** pointers = stackalloc byte*[first.Count + second.Count];
        PinFrom(in first, in second, 0, pointers, ref work);
    }

    private static void PinFrom<TWork>(scoped in ShardList first, scoped in ShardList second, int index, byte** pointers, ref TWork work)
        where TWork : struct, IPinnedWork
    {
        if (index == first.Count + second.Count)
        {
            work.Run(pointers);
            return;
        }

        Span<byte> shard = index < first.Count ? first[index] : second[index - first.Count];
        fixed (byte* address = shard)
        {
            pointers[index] = address;
            PinFrom(in first, in second, index + 1, pointers, ref work);
        }
    }
}
