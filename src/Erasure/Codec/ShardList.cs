using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Zhtp.Storage.Erasure.Codec;

/// <summary>
/// A read view over the caller's shard list, whichever form it came in (memories or arrays), so
/// validation and pinning are written once.
/// </summary>
internal readonly ref struct ShardList
{
    private readonly ReadOnlySpan<ReadOnlyMemory<byte>> _memories;
    private readonly ReadOnlySpan<byte[]?> _arrays;
    private readonly bool _isArrays;

    private ShardList(ReadOnlySpan<ReadOnlyMemory<byte>> memories)
    {
        _memories = memories;
        Count = memories.Length;
    }

    private ShardList(ReadOnlySpan<byte[]?> arrays)
    {
        _arrays = arrays;
        _isArrays = true;
        Count = arrays.Length;
    }

    /// <summary>Number of entries.</summary>
    public int Count { get; }

    /// <summary>The bytes of entry <paramref name="index"/> (empty for a null array).</summary>
    public Span<byte> this[int index] => _isArrays ? _arrays[index] : MemoryMarshal.AsMemory(_memories[index]).Span;

    /// <summary>The length of entry <paramref name="index"/>, without materializing a span.</summary>
    public int LengthOf(int index) => _isArrays ? _arrays[index]?.Length ?? 0 : _memories[index].Length;

    /// <summary>Whether entry <paramref name="index"/> is a null array.</summary>
    public bool IsNull(int index) => _isArrays && _arrays[index] is null;

    /// <summary>Wraps read-only memories.</summary>
    public static ShardList Of(ReadOnlySpan<ReadOnlyMemory<byte>> memories) => new(memories);

    /// <summary>Wraps writable memories (same layout as read-only ones).</summary>
    public static ShardList Of(ReadOnlySpan<Memory<byte>> memories) =>
        new(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<Memory<byte>, ReadOnlyMemory<byte>>(ref MemoryMarshal.GetReference(memories)), memories.Length));

    /// <summary>Wraps arrays.</summary>
    public static ShardList Of(ReadOnlySpan<byte[]?> arrays) => new(arrays);
}
