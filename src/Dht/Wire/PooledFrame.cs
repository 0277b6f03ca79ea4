using System.Buffers;

namespace Zhtp.Storage.Dht.Wire;

/// <summary>
/// One encoded or received frame held in an array rented from <see cref="FramePool"/> (or in a
/// plain array for small frames). Whoever holds it disposes it once nothing reads the bytes any more;
/// bulk frames of 256 KiB and more are then reused instead of becoming large-object-heap garbage.
/// </summary>
internal sealed class PooledFrame : IDisposable
{
    private byte[]? _array;
    private readonly bool _rented;

    /// <summary>Wraps the first <paramref name="length"/> bytes of <paramref name="array"/>; a <paramref name="rented"/> array goes back to the shared pool on dispose.</summary>
    public PooledFrame(byte[] array, int length, bool rented)
    {
        _array = array;
        Length = length;
        _rented = rented;
    }

    /// <summary>The frame's bytes (the array may be longer than <see cref="Length"/>).</summary>
    public byte[] Array => _array ?? throw new ObjectDisposedException(nameof(PooledFrame));

    /// <summary>Bytes in the frame.</summary>
    public int Length { get; }

    /// <summary>The frame as memory.</summary>
    public ReadOnlyMemory<byte> Memory => Array.AsMemory(0, Length);

    /// <summary>The frame as a span.</summary>
    public ReadOnlySpan<byte> Span => Array.AsSpan(0, Length);

    /// <summary>A frame of exactly <paramref name="bytes"/> (not pooled).</summary>
    public static PooledFrame Of(byte[] bytes) => new(bytes, bytes.Length, rented: false);

    /// <summary>Returns a rented array to the pool; the frame must not be read afterwards.</summary>
    public void Dispose()
    {
        byte[]? array = Interlocked.Exchange(ref _array, null);
        if (array is not null && _rented)
        {
            FramePool.Instance.Return(array);
        }
    }
}
