using System.Buffers;

namespace Zhtp.Storage.Dht.Wire;

/// <summary>
/// The pool bulk frames and value buffers are rented from. A bounded pool of its own rather than
/// <see cref="ArrayPool{T}.Shared"/>: the shared pool keeps an array of each size per thread as well as per
/// core, which for 512 KiB frames on a busy thread pool is tens of MiB held idle; this one keeps at most
/// <see cref="ArraysPerSize"/> arrays of each power-of-two size and lets the rest be collected.
/// </summary>
internal static class FramePool
{
    /// <summary>Idle arrays kept per size.</summary>
    public const int ArraysPerSize = 32;

    /// <summary>The pool (arrays up to 16 MiB; larger ones are allocated and dropped).</summary>
    public static readonly ArrayPool<byte> Instance = ArrayPool<byte>.Create(16 << 20, ArraysPerSize);
}
