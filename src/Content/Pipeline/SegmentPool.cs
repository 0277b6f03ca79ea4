using System.Buffers;

namespace Zhtp.Storage.Content.Pipeline;

/// <summary>
/// The pool segment buffers (plaintext, compressed, sealed, shard stripes) are rented from. A bounded pool of
/// its own rather than <see cref="ArrayPool{T}.Shared"/>: the shared pool also keeps one array of each size
/// per thread, and transfers run on many thread-pool threads, so megabyte buffers would sit idle per thread
/// and the memory held would grow with the thread count. This one keeps at most <see cref="ArraysPerSize"/>
/// arrays of each power-of-two size and lets the rest be collected.
/// </summary>
internal static class SegmentPool
{
    /// <summary>Idle arrays kept per size.</summary>
    public const int ArraysPerSize = 16;

    /// <summary>The pool (arrays up to 128 MiB: a 64 MiB segment's shard stripe; larger ones are allocated and dropped).</summary>
    public static readonly ArrayPool<byte> Instance = ArrayPool<byte>.Create(128 << 20, ArraysPerSize);
}
